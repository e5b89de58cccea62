package io.flowcast.model.evaluate;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TimeZone;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Draws a {@link PlotSeries} as a PNG chart over a UTC time axis: the actual value (dark line),
 * the one-step forecast (blue line) in its 95% prediction interval (light blue band), the flagged
 * rows (red dots) and the labelled anomaly windows (light orange spans).
 */
public final class EvaluationPlot {

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private static final Color ACTUAL = new Color(40, 40, 40);
  private static final Color FORECAST = new Color(30, 90, 220);
  private static final Color INTERVAL = new Color(30, 90, 220, 50);
  private static final Color FLAGGED = new Color(220, 20, 20);
  private static final Color WINDOW = new Color(255, 140, 60, 60);

  private EvaluationPlot() {}

  /** Writes a PNG chart of width x height pixels. */
  public static void writePng(PlotSeries series, Path png, int width, int height)
      throws IOException {
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    ChartUtils.saveChartAsPNG(png.toFile(), chart(series), width, height);
  }

  private static JFreeChart chart(PlotSeries s) {
    DateAxis time = new DateAxis("time (UTC)");
    time.setTimeZone(TimeZone.getTimeZone("UTC"));
    NumberAxis value = new NumberAxis("value");
    value.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot();
    plot.setDomainAxis(time);
    plot.setRangeAxis(value);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);

    YIntervalSeries interval = new YIntervalSeries("95% interval");
    for (int i = 0; i < s.timesMillis().length; i++) {
      double f = s.forecast()[i];
      double lo = s.lower()[i];
      double hi = s.upper()[i];
      if (!Double.isNaN(f) && !Double.isNaN(lo) && !Double.isNaN(hi)) {
        interval.add(s.timesMillis()[i], f, lo, hi);
      }
    }
    YIntervalSeriesCollection intervals = new YIntervalSeriesCollection();
    intervals.addSeries(interval);
    DeviationRenderer band = new DeviationRenderer(false, false);
    band.setSeriesFillPaint(0, INTERVAL);
    band.setAlpha(1f);
    plot.setDataset(0, intervals);
    plot.setRenderer(0, band);

    XYSeriesCollection lines = new XYSeriesCollection();
    lines.addSeries(points("actual", s.timesMillis(), s.actual(), null));
    lines.addSeries(points("forecast", s.timesMillis(), s.forecast(), null));
    XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, false);
    lineRenderer.setSeriesPaint(0, ACTUAL);
    lineRenderer.setSeriesPaint(1, FORECAST);
    lineRenderer.setSeriesStroke(0, new BasicStroke(1f));
    lineRenderer.setSeriesStroke(1, new BasicStroke(1f));
    plot.setDataset(1, lines);
    plot.setRenderer(1, lineRenderer);

    XYSeriesCollection dots =
        new XYSeriesCollection(points("flagged", s.timesMillis(), s.actual(), s.flagged()));
    XYLineAndShapeRenderer dotRenderer = new XYLineAndShapeRenderer(false, true);
    dotRenderer.setSeriesPaint(0, FLAGGED);
    dotRenderer.setSeriesShape(0, new Ellipse2D.Double(-3, -3, 6, 6));
    plot.setDataset(2, dots);
    plot.setRenderer(2, dotRenderer);

    for (long[] window : s.labelledWindows()) {
      plot.addDomainMarker(new IntervalMarker(window[0], window[1], WINDOW), Layer.BACKGROUND);
    }
    LegendItemCollection legend = new LegendItemCollection();
    legend.addAll(lineRenderer.getLegendItems());
    legend.add(new LegendItem("95% interval", INTERVAL));
    legend.addAll(dotRenderer.getLegendItems());
    legend.add(new LegendItem("labelled anomaly window", WINDOW));
    plot.setFixedLegendItems(legend);
    JFreeChart chart = new JFreeChart(s.title(), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /** The rows' (time, value) points, leaving out NaN values and, given a mask, unmasked rows. */
  private static XYSeries points(String name, long[] times, double[] values, boolean[] mask) {
    XYSeries series = new XYSeries(name, false);
    for (int i = 0; i < times.length; i++) {
      if ((mask == null || mask[i]) && !Double.isNaN(values[i])) {
        series.add(times[i], values[i], false);
      }
    }
    return series;
  }
}
