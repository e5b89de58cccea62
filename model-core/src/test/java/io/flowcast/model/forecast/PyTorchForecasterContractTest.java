package io.flowcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.model.CellType;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.history.CsvColumns;
import io.flowcast.model.history.History;
import io.flowcast.model.history.HistoryFormatException;
import io.flowcast.model.history.HistoryReader;
import io.flowcast.model.io.ModelFiles;
import io.flowcast.model.step.StepEngines;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.testutils.SystemPython;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forecasting contract for PyTorch users (README): a forecaster trained in PyTorch by
 * {@code scripts/train_pytorch_forecaster.py}, which encodes windows as README says the job does,
 * runs in {@link SensorForecaster} unchanged and forecasts what PyTorch forecast for the same
 * windows. The committed file is checked always; the script itself where PyTorch is installed.
 */
class PyTorchForecasterContractTest {
  private static final Path EXAMPLE = Path.of("../examples/pytorch");
  private static final Path CSV = EXAMPLE.resolve("ec2_cpu_utilization_5f5533.csv");
  private static final long WINDOW_MILLIS = 300_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void committedForecasterRunsUnchangedAndForecastsAsPyTorchDid() throws Exception {
    ModelParameters model = ModelFiles.read(EXAMPLE.resolve("forecaster.safetensors"));
    Series series = readSeries();

    assertThat(model.config().cell()).isEqualTo(CellType.LSTM);
    float[][] forecasts = forecast(model, series);
    int first = assertMatchesPyTorch(series, forecasts, predictions(EXAMPLE.resolve("forecaster-predictions.json")));
    assertThat(series.oneStepMae(forecasts, first))
        .as("one-step MAE on the held-out windows, against persistence's")
        .isLessThan(0.8 * series.persistenceMae(first));
  }

  @Test
  void theRecipeWritesAFileTheForecasterRunsUnchanged(@TempDir Path dir) throws Exception {
    SystemPython.assumeTorch();
    Path weights = dir.resolve("forecaster.safetensors");
    Path predictions = dir.resolve("predictions.json");

    SystemPython.Result run = SystemPython.run(List.of("../scripts/train_pytorch_forecaster.py",
        CSV.toString(), "--out", weights.toString(), "--predictions", predictions.toString(),
        "--cell", "gru", "--hidden", "8", "--layers", "2", "--steps", "40"), 600);

    assertThat(run.exitCode()).as(run.err()).isZero();
    ModelParameters model = ModelFiles.read(weights);
    assertThat(model.config().cell()).isEqualTo(CellType.GRU);
    assertThat(model.config().numLayers()).isEqualTo(2);
    Series series = readSeries();
    assertMatchesPyTorch(series, forecast(model, series), predictions(predictions));
  }

  /**
   * Java's streaming forecasts of every window PyTorch forecast, within float32 noise.
   *
   * @return the index of the first window PyTorch forecast
   */
  private static int assertMatchesPyTorch(Series series, float[][] forecasts, JsonNode pytorch) {
    JsonNode starts = pytorch.get("window_starts");
    JsonNode expected = pytorch.get("forecasts");
    int first = series.size() - starts.size();
    double worst = 0;
    for (int i = 0; i < starts.size(); i++) {
      assertThat(series.start(first + i)).isEqualTo(starts.get(i).asLong());
      for (int k = 0; k < forecasts[first + i].length; k++) {
        double torch = expected.get(i).get(k).asDouble();
        worst = Math.max(worst, Math.abs(forecasts[first + i][k] - torch) / (1 + Math.abs(torch)));
      }
    }
    assertThat(worst).as("largest relative difference to PyTorch's forecasts").isLessThan(1e-4);
    return first;
  }

  /**
   * The forecasts made after each window, replayed as the job streams them (the job's windowing of
   * the CSV, a fresh sensor, its default settings).
   */
  private static float[][] forecast(ModelParameters model, Series series) {
    ForecastSettings settings = ForecastSettings.defaults();
    SensorReplay replay = new SensorReplay(
        new SensorForecaster(RecurrentNetwork.compile(model), settings, 32, StepEngines.java()),
        GapPolicy.IMPUTE, 12);
    List<ReplayForecast> forecasts = replay.replay(series.windows.replayWindows());
    assertThat(forecasts).hasSize(series.size());
    return forecasts.stream().map(ReplayForecast::forecasts).toArray(float[][]::new);
  }

  private static JsonNode predictions(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  /** The NAB file as the job windows it: one reading per 5-minute window, no gaps. */
  private static Series readSeries() throws IOException, HistoryFormatException {
    History history = new HistoryReader(CsvColumns.defaults(), WINDOW_MILLIS).read(CSV);
    assertThat(history.skippedRowCount()).isZero();
    return new Series(history.windows().get(0));
  }

  /** One sensor's windows. */
  private record Series(SensorWindows windows) {
    long start(int window) {
      return windows.starts()[window];
    }

    int size() {
      return windows.size();
    }

    /** Mean absolute error of the one-step forecasts of windows {@code from + 1 ..}. */
    double oneStepMae(float[][] forecasts, int from) {
      double sum = 0;
      for (int w = from + 1; w < size(); w++) {
        sum += Math.abs(windows.means()[w] - forecasts[w - 1][0]);
      }
      return sum / (size() - from - 1);
    }

    double persistenceMae(int from) {
      double sum = 0;
      for (int w = from + 1; w < size(); w++) {
        sum += Math.abs(windows.means()[w] - windows.means()[w - 1]);
      }
      return sum / (size() - from - 1);
    }
  }
}
