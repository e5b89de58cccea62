package io.flowcast.model.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationPlotTest {

  private static final int ROWS = 500;
  private static final long START = 1_700_000_000_000L;
  private static final long STEP = 60_000L;
  private static final int WIDTH = 1200;
  private static final int HEIGHT = 600;

  @TempDir Path dir;

  @Test
  void drawsTheIntervalBandAndTheFlaggedDots() throws IOException {
    Path png = dir.resolve("plots/sine.png");
    EvaluationPlot.writePng(sine(true, true), png, WIDTH, HEIGHT);

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(WIDTH);
    assertThat(image.getHeight()).isEqualTo(HEIGHT);
    assertThat(count(image, EvaluationPlotTest::red)).isGreaterThan(50);
    assertThat(count(image, EvaluationPlotTest::lightBlue)).isGreaterThan(WIDTH * HEIGHT / 20);
  }

  /** The same chart without flags or intervals: the colour tests above see those layers only. */
  @Test
  void withoutFlagsOrIntervalsThereIsNoRedAndLittleLightBlue() throws IOException {
    Path png = dir.resolve("bare.png");
    EvaluationPlot.writePng(sine(false, false), png, WIDTH, HEIGHT);

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(count(image, EvaluationPlotTest::red)).isZero();
    assertThat(count(image, EvaluationPlotTest::lightBlue)).isLessThan(WIDTH * HEIGHT / 100);
  }

  @Test
  void mismatchedLengthsNameTheField() {
    double[] values = new double[ROWS];
    assertThatThrownBy(
            () ->
                new PlotSeries(
                    "bad",
                    new long[ROWS],
                    values,
                    new double[ROWS - 1],
                    values,
                    values,
                    new boolean[ROWS],
                    List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("forecast");
    assertThatThrownBy(
            () ->
                new PlotSeries(
                    "bad",
                    new long[ROWS],
                    values,
                    values,
                    values,
                    values,
                    new boolean[ROWS + 1],
                    List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("flagged");
  }

  /**
   * A sine with a labelled window over rows 300..340; the forecast (the previous value) and its
   * interval start at row 10, and rows 305, 315, 325 and 335 are flagged when {@code flags}.
   */
  private static PlotSeries sine(boolean flags, boolean intervals) {
    long[] times = new long[ROWS];
    double[] actual = new double[ROWS];
    double[] forecast = new double[ROWS];
    double[] lower = new double[ROWS];
    double[] upper = new double[ROWS];
    boolean[] flagged = new boolean[ROWS];
    Arrays.fill(forecast, Double.NaN);
    Arrays.fill(lower, Double.NaN);
    Arrays.fill(upper, Double.NaN);
    for (int i = 0; i < ROWS; i++) {
      times[i] = START + i * STEP;
      actual[i] = Math.sin(i * 2 * Math.PI / 100) + (i >= 300 && i <= 340 ? 1.5 : 0);
      if (i >= 10) {
        forecast[i] = Math.sin((i - 1) * 2 * Math.PI / 100);
        if (intervals) {
          lower[i] = forecast[i] - 0.4;
          upper[i] = forecast[i] + 0.4;
        }
      }
    }
    if (flags) {
      for (int i = 305; i <= 335; i += 10) {
        flagged[i] = true;
      }
    }
    List<long[]> windows = List.of(new long[] {times[300], times[340]});
    return new PlotSeries("sine", times, actual, forecast, lower, upper, flagged, windows);
  }

  /** Pixels of the image above the legend (its bottom eighth) that match. */
  private static int count(BufferedImage image, IntPredicate rgb) {
    int matches = 0;
    for (int y = 0; y < image.getHeight() * 7 / 8; y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if (rgb.test(image.getRGB(x, y))) {
          matches++;
        }
      }
    }
    return matches;
  }

  private static boolean red(int rgb) {
    int r = (rgb >> 16) & 0xff;
    int g = (rgb >> 8) & 0xff;
    int b = rgb & 0xff;
    return r > 170 && g < 90 && b < 90;
  }

  private static boolean lightBlue(int rgb) {
    int r = (rgb >> 16) & 0xff;
    int g = (rgb >> 8) & 0xff;
    int b = rgb & 0xff;
    return b > 200 && b - r > 25 && r > 150 && g > r;
  }
}
