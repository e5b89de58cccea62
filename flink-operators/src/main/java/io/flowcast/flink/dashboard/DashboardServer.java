package io.flowcast.flink.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flowcast.flink.dashboard.SensorHistories.SensorSummary;
import io.flowcast.flink.kafka.KafkaSecurity;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard: a {@link DashboardFeed} reading the job's topics into bounded per-sensor
 * histories, and the JDK's HTTP server with the page ({@link StaticAssets}), the sensor picker
 * ({@code GET /api/sensors?q=TEXT&limit=N}: JSON array, most anomalous first), the fleet figures
 * ({@code GET /api/stats}: {@code {"fleet": ..., "windowsHeld": n}}) and the live stream ({@link EventStream}). Every browser connection gets
 * a thread of its own. Closing it stops the server and the feed.
 */
public final class DashboardServer implements AutoCloseable {
  /** Default windows kept per sensor. */
  public static final int DEFAULT_HISTORY = 60;
  private static final int MAX_PICKER_ROWS = 200;

  private final HttpServer http;
  private final ExecutorService threads;
  private final DashboardFeed feed;
  private final SensorHistories histories;
  private final FleetStats stats;
  private volatile boolean closing;

  private DashboardServer(String bootstrapServers, KafkaSecurity security, DashboardTopics topics,
      InetSocketAddress address, int history) throws IOException {
    histories = new SensorHistories(history);
    stats = new FleetStats(System::currentTimeMillis);
    LiveSubscriptions subscriptions = new LiveSubscriptions();
    StaticAssets assets = new StaticAssets();
    http = HttpServer.create(address, 0);
    threads = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "dashboard-http");
      thread.setDaemon(true);
      return thread;
    });
    http.setExecutor(threads);
    http.createContext("/", assets);
    http.createContext("/api/sensors", this::sensors);
    http.createContext("/api/stats", this::stats);
    http.createContext("/events", new EventStream(histories, stats, subscriptions, () -> closing));
    try {
      feed = DashboardFeed.start(bootstrapServers, security, topics, histories, stats, subscriptions);
    } catch (RuntimeException e) {
      // bad Kafka settings: give the bound port and the threads back before saying so
      http.stop(0);
      threads.shutdownNow();
      throw e;
    }
    http.start();
  }

  /**
   * Starts reading {@code topics} (with the clients' {@code security} settings) and serving on
   * {@code address} (port 0: any free port).
   *
   * @param history windows kept per sensor, >= 1
   * @throws IOException if the address cannot be bound
   */
  public static DashboardServer start(String bootstrapServers, KafkaSecurity security, DashboardTopics topics,
      InetSocketAddress address, int history) throws IOException {
    return new DashboardServer(bootstrapServers, security, topics, address, history);
  }

  /**
   * As {@link #start}, without security settings (the demo's in-process broker), on {@code port}
   * of {@code host} if it is free, else on any free port (the demo's: a second demo on the same
   * machine still gets a dashboard).
   */
  public static DashboardServer startOnFreePort(String bootstrapServers, DashboardTopics topics, String host,
      int port, int history) throws IOException {
    try {
      return start(bootstrapServers, KafkaSecurity.NONE, topics, new InetSocketAddress(host, port), history);
    } catch (BindException e) {
      return start(bootstrapServers, KafkaSecurity.NONE, topics, new InetSocketAddress(host, 0), history);
    }
  }

  /** The page's address. */
  public URI uri() {
    InetSocketAddress address = http.getAddress();
    return URI.create("http://" + address.getHostString() + ":" + address.getPort() + "/");
  }

  /** Why the feed stopped reading (Kafka failed), or null while it reads. */
  public Exception failure() {
    return feed.failure();
  }

  SensorHistories histories() {
    return histories;
  }

  FleetStats stats() {
    return stats;
  }

  private void sensors(HttpExchange exchange) throws IOException {
    QueryParameters query = new QueryParameters(exchange.getRequestURI());
    List<SensorSummary> found = histories.find(query.first("q", ""),
        query.intIn("limit", MAX_PICKER_ROWS, 50));
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < found.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      found.get(i).appendJson(json);
    }
    respondJson(exchange, json.append(']'));
  }

  private void stats(HttpExchange exchange) throws IOException {
    StringBuilder json = new StringBuilder("{\"fleet\":");
    stats.appendJson(json, histories.sensors());
    json.append(",\"windowsHeld\":").append(histories.windowsHeld()).append('}');
    respondJson(exchange, json);
  }

  private static void respondJson(HttpExchange exchange, CharSequence json) throws IOException {
    try (exchange) {
      byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  /** Stops serving (open streams end within a second) and reading. */
  @Override
  public void close() throws InterruptedException {
    closing = true;
    http.stop(0);
    threads.shutdownNow();
    threads.awaitTermination(2, TimeUnit.SECONDS);
    feed.close();
  }
}
