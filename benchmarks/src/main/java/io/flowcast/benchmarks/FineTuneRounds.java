package io.flowcast.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Counts the fine-tuning rounds of a pipeline run: a metric reporter of the local MiniCluster that
 * keeps the FineTuneOperator's {@code roundsAccepted} and {@code roundsRejected} counters, read
 * after the job ended. Static, like {@link PipelineRecorder}: one run at a time ({@link #reset}).
 */
public final class FineTuneRounds implements MetricReporter {
  private static final List<Counter> ACCEPTED = new ArrayList<>();
  private static final List<Counter> REJECTED = new ArrayList<>();

  /** The reporter's factory, named in the MiniCluster's configuration ({@link #enable}). */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new FineTuneRounds();
    }
  }

  /** Adds the reporter to a MiniCluster's configuration. */
  static void enable(Configuration config) {
    config.setString("metrics.reporter.rounds.factory.class", Factory.class.getName());
  }

  /** Forgets the previous run's counters. */
  static synchronized void reset() {
    ACCEPTED.clear();
    REJECTED.clear();
  }

  /** Rounds decided in the run, accepted or rejected. */
  static synchronized long rounds() {
    return ACCEPTED.stream().mapToLong(Counter::getCount).sum() + REJECTED.stream().mapToLong(Counter::getCount).sum();
  }

  /** Rounds whose candidate was published. */
  static synchronized long accepted() {
    return ACCEPTED.stream().mapToLong(Counter::getCount).sum();
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    synchronized (FineTuneRounds.class) {
      if (name.equals("roundsAccepted") && metric instanceof Counter counter) {
        ACCEPTED.add(counter);
      } else if (name.equals("roundsRejected") && metric instanceof Counter counter) {
        REJECTED.add(counter);
      }
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}
}
