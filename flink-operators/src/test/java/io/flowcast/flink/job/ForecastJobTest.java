package io.flowcast.flink.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

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
    assertThatThrownBy(() -> ForecastJob.checkModelIfVisible(ForecastStage.operatorConfig(wrongHorizon)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("horizon is 5");

    Configuration fits = ForecastJob.configuration(env, "--model.path", demoModel);
    ForecastJob.checkModelIfVisible(ForecastStage.operatorConfig(fits));
    Configuration elsewhere = ForecastJob.configuration(env, "--model.path", "/nowhere/model.safetensors");
    ForecastJob.checkModelIfVisible(ForecastStage.operatorConfig(elsewhere));
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
