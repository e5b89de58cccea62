package io.flowcast.flink.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /events?sensor=A&sensor=B...}: a server-sent event stream for the sensors named (at
 * most {@link #MAX_SENSORS}). It starts with a {@code history} event per known sensor, then sends a
 * {@code point} event per new window of those sensors only, and a {@code fleet} event every
 * second. Events of both kinds carry {@link SensorHistory#appendJson} objects (a point event holds
 * one window); a browser merges them by window start, so an event that overlaps the history does
 * no harm.
 */
final class EventStream implements HttpHandler {
  /** Most sensors one stream follows. */
  static final int MAX_SENSORS = 16;
  private static final long FLEET_EVERY_MILLIS = 1_000;

  private final SensorHistories histories;
  private final FleetStats stats;
  private final LiveSubscriptions subscriptions;
  private final BooleanSupplier closing;

  EventStream(SensorHistories histories, FleetStats stats, LiveSubscriptions subscriptions, BooleanSupplier closing) {
    this.histories = histories;
    this.stats = stats;
    this.subscriptions = subscriptions;
    this.closing = closing;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      List<String> sensors = new QueryParameters(exchange.getRequestURI()).all("sensor").stream()
          .filter(id -> !id.isEmpty()).distinct().toList();
      if (sensors.size() > MAX_SENSORS) {
        byte[] body = ("at most " + MAX_SENSORS + " sensors per stream\n").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(400, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      exchange.sendResponseHeaders(200, 0);
      LiveSubscriptions.Follower follower = subscriptions.add(sensors);
      try {
        stream(exchange.getResponseBody(), follower);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        // the browser went away
      } finally {
        subscriptions.remove(follower);
      }
    }
  }

  private void stream(OutputStream out, LiveSubscriptions.Follower follower) throws IOException, InterruptedException {
    write(out, "retry: 2000\n\n");
    for (String id : follower.sensorIds()) {
      StringBuilder json = new StringBuilder(4096);
      if (histories.appendJson(id, Integer.MAX_VALUE, json)) {
        write(out, event("history", json));
      }
    }
    long nextFleet = 0;
    while (!closing.getAsBoolean() && !follower.overflowed()) {
      long now = System.currentTimeMillis();
      if (now >= nextFleet) {
        StringBuilder json = new StringBuilder(256);
        stats.appendJson(json, histories.sensors());
        write(out, event("fleet", json));
        nextFleet = now + FLEET_EVERY_MILLIS;
      }
      String point = follower.poll(Math.max(1, nextFleet - now));
      if (point != null) {
        StringBuilder batch = new StringBuilder();
        for (; point != null; point = follower.pollNow()) {
          batch.append(event("point", point));
        }
        write(out, batch);
      }
    }
  }

  private static CharSequence event(String name, CharSequence data) {
    return new StringBuilder(data.length() + 24).append("event: ").append(name).append("\ndata: ").append(data)
        .append("\n\n");
  }

  private static void write(OutputStream out, CharSequence text) throws IOException {
    out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
