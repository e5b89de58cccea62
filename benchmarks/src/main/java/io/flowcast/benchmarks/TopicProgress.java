package io.flowcast.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * How many records a topic holds over time: the sum of its partitions' end offsets (records of
 * open transactions included, so the count grows as the sinks write, not only when they commit),
 * sampled every {@code periodMillis} from construction to {@link #close}, with this process's CPU
 * time at each sample (the MiniCluster and the broker run in it).
 */
final class TopicProgress implements AutoCloseable {
  /** One sample: at {@code millis} (epoch), {@code records} in the topic, {@code cpuNanos} of the process so far. */
  record Sample(long millis, long records, long cpuNanos) {}

  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final Admin admin;
  private final Map<TopicPartition, OffsetSpec> latest;
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "topic-progress");
    thread.setDaemon(true);
    return thread;
  });
  private final List<Sample> samples = new ArrayList<>();

  TopicProgress(String bootstrapServers, String topic, long periodMillis)
      throws ExecutionException, InterruptedException {
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    latest = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
        .collect(Collectors.toMap(partition -> new TopicPartition(topic, partition.partition()),
            partition -> OffsetSpec.latest()));
    sampler.scheduleAtFixedRate(this::sample, 0, periodMillis, TimeUnit.MILLISECONDS);
  }

  private void sample() {
    try {
      long records = admin.listOffsets(latest).all().get().values().stream()
          .mapToLong(info -> info.offset())
          .sum();
      synchronized (samples) {
        samples.add(new Sample(System.currentTimeMillis(), records, OS.getProcessCpuTime()));
      }
    } catch (ExecutionException e) {
      // a sample lost to a slow broker; the next one counts
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The first sample in which the topic held at least {@code records}, if there is one. */
  Optional<Sample> firstReached(long records) {
    synchronized (samples) {
      return samples.stream().filter(sample -> sample.records() >= records).findFirst();
    }
  }

  @Override
  public void close() throws InterruptedException {
    sampler.shutdownNow();
    sampler.awaitTermination(10, TimeUnit.SECONDS);
    admin.close();
  }
}
