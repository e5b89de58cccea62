package io.flowcast.flink.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Flink metric names the provisioned Grafana dashboard ({@code deploy/grafana/dashboards}) queries. */
final class GrafanaDashboardQueries {
  static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "dashboards", "flowcast.json");
  private static final Pattern EXPR = Pattern.compile("\"expr\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern METRIC = Pattern.compile("\\bflink_[a-zA-Z0-9_:]+");

  private GrafanaDashboardQueries() {}

  /** Every {@code flink_...} name in an {@code expr} of the dashboard. */
  static Set<String> metricNames() throws IOException {
    Set<String> names = new TreeSet<>();
    Matcher expr = EXPR.matcher(Files.readString(DASHBOARD));
    while (expr.find()) {
      Matcher metric = METRIC.matcher(expr.group(1));
      while (metric.find()) {
        names.add(metric.group());
      }
    }
    return names;
  }
}
