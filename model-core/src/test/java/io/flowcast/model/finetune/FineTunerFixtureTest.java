package io.flowcast.model.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.model.pretrain.OptimizerChoice;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The committed {@link FineTuner#snapshot()} fixture ({@code
 * src/test/resources/state-fixtures/fine-tuner-v1.snapshot}, snapshot format 1): the fine-tuner's
 * operator state as a release wrote it must restore, re-encode to the same bytes and continue with
 * the round decision recorded next to it ({@code .expected}). Regenerate (only for a new format,
 * under a new name) with
 *
 * <pre>
 *   mvn -B -o -pl model-core -am test -Dtest=FineTunerFixtureTest -Dsurefire.failIfNoSpecifiedTests=false \
 *       -Dflowcast.fine-tuner-fixture=fine-tuner-v1
 * </pre>
 */
class FineTunerFixtureTest {
  private static final Path FIXTURES = Path.of("src", "test", "resources", "state-fixtures");
  private static final long NOW = 1_000_000;

  private static FineTuner tuner() {
    FineTuner tuner = new FineTuner(FineTuneFixtures.settings(OptimizerChoice.ADAM, 0.02, 1.0), FineTuneFixtures.model(2), 1);
    feed(tuner, 40, 0, 0);
    tuner.finish(tuner.startRound(NOW).run(), NOW + 5);
    feed(tuner, 10, 40, 0);
    return tuner;
  }

  /** Feeds 30 more samples and runs a round: the decision in words, one field a line. */
  private static List<String> continuation(FineTuner tuner) {
    feed(tuner, 30, 50, 0.1);
    Decision decision = tuner.finish(tuner.startRound(NOW + 6).run(), NOW + 9);
    return List.of("outcome " + decision.outcome(), "version " + decision.version(),
        "samplesSeen " + decision.samplesSeen(), "trainLoss " + decision.trainLoss(),
        "validationLoss " + decision.validationLoss());
  }

  private static void feed(FineTuner tuner, int count, int first, double offset) {
    for (int i = first; i < first + count; i++) {
      tuner.add(FineTuneFixtures.sample("s" + i % 4, i, offset));
    }
  }

  @Test
  void theCommittedSnapshotRestoresReencodesIdenticallyAndContinues() throws Exception {
    byte[] snapshot = Files.readAllBytes(FIXTURES.resolve("fine-tuner-v1.snapshot"));
    assertThat(snapshot[0]).as("format byte").isEqualTo((byte) 1);
    FineTuner restored = FineTuner.restore(FineTuneFixtures.settings(OptimizerChoice.ADAM, 0.02, 1.0), snapshot);
    assertThat(restored.snapshot()).isEqualTo(snapshot);
    assertThat(restored.version()).isEqualTo(2);
    assertThat(continuation(restored))
        .isEqualTo(Files.readAllLines(FIXTURES.resolve("fine-tuner-v1.expected"), StandardCharsets.UTF_8));
  }

  @Test
  @EnabledIfSystemProperty(named = "flowcast.fine-tuner-fixture", matches = "[a-z0-9-]+")
  void writeFixture() throws Exception {
    String name = System.getProperty("flowcast.fine-tuner-fixture");
    Files.createDirectories(FIXTURES);
    FineTuner tuner = tuner();
    Files.write(FIXTURES.resolve(name + ".snapshot"), tuner.snapshot());
    Files.write(FIXTURES.resolve(name + ".expected"), continuation(tuner), StandardCharsets.UTF_8);
  }
}
