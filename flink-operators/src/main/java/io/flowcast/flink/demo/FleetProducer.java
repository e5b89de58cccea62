package io.flowcast.flink.demo;

import io.flowcast.flink.ingest.SensorReadingCodec;
import io.flowcast.schemas.SensorReading;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends a {@link SensorFleetSimulator}'s readings to the readings topic on a thread of its own,
 * paced so that {@code speedup} seconds of event time pass per wall-clock second (as fast as it
 * can when it falls behind). Each reading is a plain Avro {@link SensorReading} keyed by its
 * sensor id; every reading and every injected anomaly is registered with the scoreboard as it is
 * sent.
 */
final class FleetProducer implements AutoCloseable {
  /** Wall time between two pacing steps once the producer has caught up. */
  private static final long PACE_MILLIS = 20;
  /** Most event time one step sends, so that a producer that fell behind still stops promptly. */
  private static final long MAX_STEP_MILLIS = FleetSettings.DEMO_WINDOW_MILLIS;
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final SensorFleetSimulator simulator;
  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final double speedup;
  private final DemoScoreboard scoreboard;
  private final SensorReadingCodec codec = new SensorReadingCodec();
  private final Thread thread = new Thread(this::run, "fleet-producer");
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private volatile boolean stopping;
  private volatile long lastEventTime = Long.MIN_VALUE;

  private FleetProducer(SensorFleetSimulator simulator, String bootstrapServers, String topic, double speedup,
      DemoScoreboard scoreboard) {
    this.simulator = simulator;
    this.topic = topic;
    this.speedup = speedup;
    this.scoreboard = scoreboard;
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Starts sending from the simulator's next reading on.
   *
   * @param speedup event-time seconds per wall-clock second, > 0
   */
  static FleetProducer start(SensorFleetSimulator simulator, String bootstrapServers, String topic,
      double speedup, DemoScoreboard scoreboard) {
    if (!(speedup > 0)) {
      throw new IllegalArgumentException("speedup must be > 0, got " + speedup);
    }
    FleetProducer fleetProducer = new FleetProducer(simulator, bootstrapServers, topic, speedup, scoreboard);
    fleetProducer.thread.setDaemon(true);
    fleetProducer.thread.start();
    return fleetProducer;
  }

  /** Event time of the last reading sent; {@link Long#MIN_VALUE} before the first. */
  long lastEventTime() {
    return lastEventTime;
  }

  /** Why sending stopped early, if it did. */
  Exception failure() {
    return failure.get();
  }

  private void run() {
    long startNanos = System.nanoTime();
    long startEventTime = simulator.nextEventTime();
    try {
      while (!stopping && failure.get() == null) {
        double wallSeconds = (System.nanoTime() - startNanos) / 1e9;
        long due = startEventTime + (long) (wallSeconds * speedup * 1000);
        long until = Math.min(due, simulator.nextEventTime() + MAX_STEP_MILLIS);
        simulator.readingsUntil(until, this::send);
        scoreboard.addInjected(simulator.injectedAnomalies());
        if (until == due) {
          Thread.sleep(PACE_MILLIS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure.set(e);
    }
  }

  private void send(SimulatedReading reading) {
    SensorReading record = new SensorReading(
        reading.sensorId(), Instant.ofEpochMilli(reading.eventTimeMillis()), reading.value(), Map.of());
    producer.send(new ProducerRecord<>(topic, reading.sensorId().getBytes(StandardCharsets.UTF_8),
        codec.encode(record)), (metadata, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          }
        });
    scoreboard.onReading();
    lastEventTime = reading.eventTimeMillis();
  }

  /**
   * Stops sending, waits (a while) until every reading sent so far is in Kafka, and closes the
   * producer; closing again has no effect.
   */
  @Override
  public void close() throws InterruptedException {
    stopping = true;
    thread.join();
    producer.close(CLOSE_TIMEOUT);
  }
}
