package io.flowcast.flink.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The page and what it loads, from the classpath: {@code /} is the page, {@code /assets/NAME} its
 * script and style sheet and uPlot's (from the uPlot WebJar). Everything else is 404.
 */
final class StaticAssets implements HttpHandler {
  private static final String OWN = "/io/flowcast/flink/dashboard/";
  /** In the uPlot WebJar; the version is the root pom's {@code uplot.version}. */
  private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";

  private record Asset(String resource, String contentType) {}

  private static final Map<String, Asset> ASSETS = Map.of(
      "/", new Asset(OWN + "index.html", "text/html; charset=utf-8"),
      "/assets/dashboard.js", new Asset(OWN + "dashboard.js", "text/javascript; charset=utf-8"),
      "/assets/dashboard.css", new Asset(OWN + "dashboard.css", "text/css; charset=utf-8"),
      "/assets/uPlot.iife.min.js", new Asset(UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
      "/assets/uPlot.min.css", new Asset(UPLOT + "uPlot.min.css", "text/css; charset=utf-8"));

  private final Map<String, byte[]> bodies;

  /** @throws IllegalStateException if an asset is missing from the classpath (a broken build) */
  StaticAssets() {
    bodies = ASSETS.entrySet().stream()
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> read(entry.getValue().resource())));
  }

  private static byte[] read(String resource) {
    try (InputStream in = StaticAssets.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("dashboard asset missing from the classpath: " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dashboard asset " + resource, e);
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      byte[] body = bodies.get(path);
      if (body == null || !"GET".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", ASSETS.get(path).contentType());
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }
}
