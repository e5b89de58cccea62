package io.flowcast.flink.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.kafka.EmbeddedKafka;
import io.flowcast.flink.kafka.KafkaSecurity;
import io.flowcast.schemas.DeadLetter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboard's load check against an in-process Kafka broker: 100,000 sensors' forecasts on
 * the topic, {@code HISTORY + 1} windows each, must leave exactly {@code HISTORY} windows per
 * sensor in memory (the heap it took is printed as a {@code DASHBOARD-LOAD} line, the figure of
 * docs/BENCHMARKS.md); an undecodable record is counted and skipped; and a browser stream that
 * follows 5 sensors then receives the next window of those 5 and of no other sensor. Sizes can be
 * changed with {@code -Dflowcast.load.sensors=N -Dflowcast.load.history=W}.
 */
class DashboardServerITCase {
  private static final int SENSORS = Integer.getInteger("flowcast.load.sensors", 100_000);
  private static final int HISTORY = Integer.getInteger("flowcast.load.history", 2);
  private static final DashboardTopics TOPICS = new DashboardTopics("forecasts", "anomalies", "dead-letters", "readings");
  private static final long T0 = TestForecasts.T0;
  private static final long WINDOW_MS = TestForecasts.WINDOW_MS;
  private static final List<String> FOLLOWED =
      List.of(sensor(7), sensor(4_242), sensor(31_337), sensor(65_000), sensor(SENSORS - 1));
  private static final Pattern EVENT_ID = Pattern.compile("^\\{\"id\":\"([^\"]+)\"");

  private static EmbeddedKafka kafka;
  private static KafkaProducer<byte[], byte[]> producer;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(2, TOPICS.forecasts(), TOPICS.anomalies(), TOPICS.deadLetters(), TOPICS.readings());
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (producer != null) {
      producer.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void memoryStaysBoundedAndAStreamCarriesOnlyItsSensors() throws Exception {
    long heapBefore = usedHeapAfterGc();
    try (DashboardServer server = DashboardServer.start(kafka.bootstrapServers(), KafkaSecurity.NONE, TOPICS,
        new InetSocketAddress("127.0.0.1", 0), HISTORY)) {
      long start = System.nanoTime();
      for (int window = 0; window <= HISTORY; window++) {
        sendWindow(window);
      }
      producer.send(new ProducerRecord<>(TOPICS.forecasts(), new byte[] {1, 2, 3}));
      producer.send(new ProducerRecord<>(TOPICS.anomalies(), TestForecasts.encode(TestForecasts.forecast(sensor(0), 0))));
      producer.send(new ProducerRecord<>(TOPICS.deadLetters(), TestForecasts.encode(new DeadLetter("readings", 0, 42L, "LATE",
          null, null, Instant.ofEpochMilli(T0)))));
      producer.flush();
      long forecasts = (long) SENSORS * (HISTORY + 1);
      await(() -> server.stats().forecastsRead() == forecasts && server.stats().undecodableRecords() == 1,
          Duration.ofSeconds(90), () -> "read " + server.stats().forecastsRead() + " of " + forecasts);
      double seconds = (System.nanoTime() - start) / 1e9;

      assertThat(server.histories().sensors()).isEqualTo(SENSORS);
      assertThat(server.histories().windowsHeld()).isEqualTo((long) SENSORS * HISTORY);
      long heapAfter = usedHeapAfterGc();
      double megabytes = (heapAfter - heapBefore) / 1e6;
      System.out.printf("DASHBOARD-LOAD sensors=%d history=%d forecasts_read=%d seconds=%.1f heap_mb=%.1f"
          + " bytes_per_sensor=%.0f%n", SENSORS, HISTORY, forecasts, seconds, megabytes,
          (heapAfter - heapBefore) / (double) SENSORS);
      assertThat(megabytes).as("heap held by the dashboard").isLessThan(SENSORS * (HISTORY * 37 + 1_000) / 1e6);

      String stats = get(server.uri().resolve("/api/stats"));
      assertThat(stats).contains("\"LATE\":1", "\"undecodable\":{\"forecasts\":1}", "\"sensors\":" + SENSORS);
      assertThat(get(server.uri().resolve("/api/sensors?q=" + sensor(4_242)))).startsWith("[{\"id\":\"" + sensor(4_242));

      followFiveSensorsThroughTheNextWindow(server);
    }
  }

  private void followFiveSensorsThroughTheNextWindow(DashboardServer server) throws Exception {
    String query = String.join("&", FOLLOWED.stream().map(id -> "sensor=" + id).toList());
    BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
    HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(server.uri().resolve("/events?" + query)).build(),
        HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> collectEvents(response.body(), events));
    try {
      List<String[]> history = take(events, "history", FOLLOWED.size());
      assertThat(history).extracting(event -> sensorOf(event[1])).containsExactlyInAnyOrderElementsOf(FOLLOWED);
      assertThat(history).allSatisfy(event -> assertThat(event[1]).contains("\"t\":" + (T0 + HISTORY * WINDOW_MS)));

      sendWindow(HISTORY + 1);
      producer.flush();
      long forecasts = (long) SENSORS * (HISTORY + 2);
      await(() -> server.stats().forecastsRead() == forecasts, Duration.ofSeconds(60), () -> "last window not read");
      List<String[]> points = take(events, "point", FOLLOWED.size());
      assertThat(points).extracting(event -> sensorOf(event[1])).containsExactlyInAnyOrderElementsOf(FOLLOWED);
      assertThat(points).allSatisfy(event -> assertThat(event[1]).contains("\"t\":" + (T0 + (HISTORY + 1) * WINDOW_MS)));
      // a fleet event comes every second: the stream has had time to carry anything else there was
      take(events, "fleet", 2);
      assertThat(events).noneMatch(event -> event[0].equals("point") || event[0].equals("history"));
    } finally {
      response.body().close();
      reading.cancel(true);
    }
  }

  private static void collectEvents(Stream<String> lines, BlockingQueue<String[]> events) {
    String[] name = {null};
    lines.forEach(line -> {
      if (line.startsWith("event: ")) {
        name[0] = line.substring(7);
      } else if (line.startsWith("data: ")) {
        events.add(new String[] {name[0], line.substring(6)});
      }
    });
  }

  /** Takes events until {@code count} of kind {@code name} came; any point or history event on the way is kept. */
  private static List<String[]> take(BlockingQueue<String[]> events, String name, int count) throws Exception {
    List<String[]> taken = new ArrayList<>();
    List<String[]> sensorEvents = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (taken.size() < count) {
      String[] event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      assertThat(event).as("%d %s events", count, name).isNotNull();
      if (event[0].equals(name)) {
        taken.add(event);
      } else if (!event[0].equals("fleet")) {
        sensorEvents.add(event);
      }
    }
    assertThat(sensorEvents).as("unexpected sensor events while waiting for %s", name).isEmpty();
    return taken;
  }

  private static String sensorOf(String data) {
    Matcher matcher = EVENT_ID.matcher(data);
    assertThat(matcher.find()).as(data).isTrue();
    return matcher.group(1);
  }

  private static void sendWindow(int window) {
    IntStream.range(0, SENSORS).forEach(s ->
        producer.send(new ProducerRecord<>(TOPICS.forecasts(), TestForecasts.encode(TestForecasts.forecast(sensor(s), window)))));
  }

  private static String sensor(int index) {
    return String.format("sensor-%06d", index);
  }

  private static String get(URI uri) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(uri.toString()).isEqualTo(200);
    return response.body();
  }

  private static void await(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what.get()).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
