package io.flowcast.flink.job;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until a job has written records to a topic in a transaction that is still open: the end of
 * its first partition as read_uncommitted readers see it is past its last stable offset (what
 * read_committed readers see). A failure injected then hits output that is not committed yet.
 */
final class OpenTransactions {
  private OpenTransactions() {}

  /**
   * @param failures what to quote (the job's failures) if the timeout passes
   * @throws AssertionError if {@code timeout} passes first
   */
  static void await(String brokers, String topic, Duration timeout, Supplier<Object> failures) throws Exception {
    TopicPartition partition = new TopicPartition(topic, 0);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
      while (end(admin, partition, IsolationLevel.READ_UNCOMMITTED) <= end(admin, partition, IsolationLevel.READ_COMMITTED)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no " + topic + " in an open transaction within " + timeout
              + "; failures: " + failures.get());
        }
        Thread.sleep(20);
      }
    }
  }

  private static long end(Admin admin, TopicPartition partition, IsolationLevel isolation) throws Exception {
    return admin.listOffsets(Map.of(partition, OffsetSpec.latest()), new ListOffsetsOptions(isolation))
        .partitionResult(partition).get().offset();
  }
}
