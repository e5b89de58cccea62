package io.flowcast.flink.job;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.groups.AbstractMetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;

/**
 * The names Flink's Prometheus reporter gives the metrics a run registered: {@code flink_}, the
 * group's logical scope joined by {@code _}, {@code _} and the metric's name, every character
 * outside {@code [a-zA-Z0-9:_]} replaced by {@code _} (as {@code AbstractPrometheusReporter}
 * does), for example {@code flink_taskmanager_job_task_operator_forecasts}.
 */
final class PrometheusNames {
  private PrometheusNames() {}

  /** Every metric {@code reporter} has seen (it must retain metrics), by its Prometheus name. */
  static Set<String> of(InMemoryReporter reporter) {
    Set<String> names = new TreeSet<>();
    for (Map.Entry<MetricGroup, Map<String, Metric>> group : reporter.getMetricsByGroup().entrySet()) {
      String scope = logicalScope(group.getKey());
      for (String metric : group.getValue().keySet()) {
        names.add("flink_" + scope + "_" + sanitize(metric));
      }
    }
    return names;
  }

  /** The reporter hands out the registry's own groups (unwrapped from the reporter's view). */
  private static String logicalScope(MetricGroup group) {
    if (group instanceof AbstractMetricGroup<?> registered) {
      return registered.getLogicalScope(PrometheusNames::sanitize, '_');
    }
    return LogicalScopeProvider.castFrom(group).getLogicalScope(PrometheusNames::sanitize, '_');
  }

  private static String sanitize(String text) {
    return text.replaceAll("[^a-zA-Z0-9:_]", "_");
  }
}
