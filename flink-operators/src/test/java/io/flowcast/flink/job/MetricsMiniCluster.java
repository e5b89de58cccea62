package io.flowcast.flink.job;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The ITCases' Flink mini cluster: one TaskManager with two slots, metrics kept in memory. */
final class MetricsMiniCluster {
  private MetricsMiniCluster() {}

  /** A mini cluster extension whose metrics {@code reporter} retains for the test to read. */
  static MiniClusterExtension reportingTo(InMemoryReporter reporter) {
    return new MiniClusterExtension(() -> new MiniClusterResourceConfiguration.Builder()
        .setConfiguration(reporter.addToConfiguration(new Configuration()))
        .setNumberTaskManagers(1)
        .setNumberSlotsPerTaskManager(2)
        .build());
  }
}
