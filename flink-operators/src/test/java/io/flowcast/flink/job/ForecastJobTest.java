package io.flowcast.flink.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.flink.forecast.ForecastOperatorConfig;
import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;
import io.flowcast.model.io.DType;
import io.flowcast.model.io.SafetensorsWriter;
import io.flowcast.model.io.Tensor;
import io.flowcast.model.io.WeightFileException;
import io.flowcast.model.train.Initializers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastJobTest {

  @Test
  void optionsComeFromFlinksConfigurationAndTheCommandLineWins() {
    Configuration flink = new Configuration();
    flink.set(ForecastOptions.WINDOW_SIZE, Duration.ofMinutes(2));
    flink.set(ForecastOptions.MODEL_VERSION, 4L);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);

    Configuration config = ForecastJob.configuration(env, "--model.version", "9", "--bundle.size=64");

    assertThat(config.get(ForecastOptions.WINDOW_SIZE)).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.get(ForecastOptions.MODEL_VERSION)).isEqualTo(9L);
    assertThat(config.get(ForecastOptions.BUNDLE_SIZE)).isEqualTo(64);
    assertThat(config.get(ForecastOptions.GAP_MAX_WINDOWS)).isEqualTo(ForecastOptions.GAP_MAX_WINDOWS.defaultValue());
  }

  @Test
  void theBuiltJobHasABoundedRestartStrategyByDefault() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

    ForecastJob.build(env, ForecastJob.configuration(env));

    assertThat(env.getConfiguration().get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
    assertThat(env.getConfiguration().get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS))
        .isEqualTo(ForecastJob.DEFAULT_RESTART_ATTEMPTS);
    assertThat(env.getConfiguration().get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF))
        .isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void duplicateReadingsAreDroppedUnlessTheOptionSaysTheProducersCannotSendThem() {
    assertThat(operatorNames(Map.of())).contains("drop duplicate readings");
    assertThat(operatorNames(Map.of(ForecastOptions.INGEST_DROP_DUPLICATES.key(), "false")))
        .doesNotContain("drop duplicate readings").contains("window features");
  }

  private static List<String> operatorNames(Map<String, String> settings) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Configuration config = ForecastJob.configuration(env);
    config.addAll(Configuration.fromMap(settings));
    ForecastJob.build(env, config);
    return env.getStreamGraph().getStreamNodes().stream().map(StreamNode::getOperatorName).toList();
  }

  @Test
  void aRestartStrategyTheUserConfiguredWins() {
    Configuration flink = new Configuration();
    flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);

    ForecastJob.build(env, ForecastJob.configuration(env));

    assertThat(env.getConfiguration().get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("fixed-delay");
    assertThat(env.getConfiguration().get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS)).isEqualTo(3);
    assertThat(env.getConfiguration().getOptional(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS))
        .isEmpty();

    Configuration none = new Configuration();
    none.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment noRestarts = StreamExecutionEnvironment.getExecutionEnvironment();
    ForecastJob.build(noRestarts, none);
    assertThat(noRestarts.getConfiguration().get(RestartStrategyOptions.RESTART_STRATEGY)).isNotEqualTo("exponential-delay");
  }

  @Test
  void aMistypedOptionFailsBeforeAnythingRuns() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    assertThatThrownBy(() -> ForecastJob.configuration(env, "--bundle.sise", "64"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bundle.sise");
  }

  @Test
  void aModelThatDoesNotFitFailsInTheClientAndAnUnseenOneIsLeftToTheTaskManagers() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    String demoModel = Path.of("..", "examples", "demo-model.safetensors").toString();
    Configuration wrongHorizon = ForecastJob.configuration(env, "--model.path", demoModel, "--forecast.horizon", "5");
    assertThatThrownBy(() -> ForecastJob.checkModelIfVisible(ForecastStage.operatorConfig(wrongHorizon), wrongHorizon))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("horizon is 5");

    Configuration fits = ForecastJob.configuration(env, "--model.path", demoModel);
    ForecastJob.checkModelIfVisible(ForecastStage.operatorConfig(fits), fits);
    Configuration elsewhere = ForecastJob.configuration(env, "--model.path", "/nowhere/model.safetensors");
    ForecastJob.checkModelIfVisible(ForecastStage.operatorConfig(elsewhere), elsewhere);
  }

  @Test
  void theModelFilesPrefixesAndNonlinearityAreOptions(@TempDir Path dir) throws Exception {
    // A PyTorch-style file of two RNN blocks that fit the job (I = 3, horizon 3) and heads fc. / proj.
    ModelParameters model = ModelParameters.zeros(new ModelConfig(CellType.RNN, 3, 4, 1, 3));
    Initializers.pytorchDefault(model, new Random(1));
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (ParameterSpec spec : ParameterSpec.of(model.config())) {
      Tensor tensor = new Tensor(DType.F32, spec.shape(), model.get(spec.name()));
      if (spec.name().startsWith("out.")) {
        tensors.put("fc." + spec.name().substring(4), tensor);
        tensors.put("proj." + spec.name().substring(4), tensor);
      } else {
        tensors.put("encoder." + spec.name(), tensor);
        tensors.put("decoder." + spec.name(), tensor);
      }
    }
    Path file = dir.resolve("torch.safetensors");
    Files.write(file, SafetensorsWriter.toBytes(tensors, Map.of()));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

    Configuration unchosen = ForecastJob.configuration(env, "--model.path", file.toString());
    assertThatThrownBy(() -> ForecastJob.checkModelIfVisible(ForecastStage.operatorConfig(unchosen), unchosen))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("model.rnn-prefix");
    Configuration chosen = ForecastJob.configuration(env, "--model.path", file.toString(),
        "--model.rnn-prefix", "encoder.", "--model.head-prefix", "proj", "--model.nonlinearity", "relu");
    ForecastOperatorConfig operator = ForecastStage.operatorConfig(chosen);
    assertThat(operator.model().load(operator.settings()).config().cell()).isEqualTo(CellType.RNN_RELU);
    Configuration noNonlinearity = ForecastJob.configuration(env, "--model.path", file.toString(),
        "--model.rnn-prefix", "encoder.", "--model.head-prefix", "proj");
    assertThatThrownBy(() -> ForecastJob.checkModelIfVisible(ForecastStage.operatorConfig(noNonlinearity), noNonlinearity))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("model.nonlinearity");
  }

  /** model.engine names an engine module that is not on the classpath: the job is never built. */
  @Test
  void anEngineThatIsNotOnTheClasspathFailsBeforeAnythingRuns() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Configuration cuda = ForecastJob.configuration(env, "--model.engine", "cuda");
    assertThatThrownBy(() -> ForecastStage.operatorConfig(cuda))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no step engine 'cuda' on the classpath")
        .hasMessageContaining("flowcast-engine-cuda");

    Configuration java = ForecastJob.configuration(env, "--model.engine", "JAVA");
    assertThat(ForecastStage.operatorConfig(java).engine()).isEqualTo("JAVA");
  }
}
