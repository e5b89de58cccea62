package io.flowcast.model.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;
import io.flowcast.model.pretrain.OptimizerChoice;
import io.flowcast.model.testutils.RandomModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FineTunerTest {
  private static final long NOW = 1_000_000;

  @Test
  void aRoundIsDueWithSamplesEnoughThenAfterNewSamplesOrTime() {
    FineTuner tuner = new FineTuner(FineTuneFixtures.settings(), FineTuneFixtures.model(2), 1);
    feed(tuner, 31, 0, 0); // 15 training + 16 validation: one short
    assertThat(tuner.roundDue(NOW)).isFalse();
    assertThatThrownBy(() -> tuner.startRound(NOW)).isInstanceOf(IllegalStateException.class);
    feed(tuner, 1, 31, 0);
    assertThat(tuner.roundDue(NOW)).isTrue();
    tuner.startRound(NOW);
    assertThat(tuner.roundDue(NOW + 1)).isFalse();
    feed(tuner, 31, 32, 0);
    assertThat(tuner.roundDue(NOW + 1)).isFalse();
    assertThat(tuner.roundDue(NOW + 60_000)).isTrue();
    feed(tuner, 1, 63, 0);
    assertThat(tuner.roundDue(NOW + 1)).isTrue();
  }

  @Test
  void anAcceptedRoundServesTheCandidateAsTheNextVersion() {
    FineTuner tuner = new FineTuner(FineTuneFixtures.settings(OptimizerChoice.ADAM, 0.02, 1.0), FineTuneFixtures.model(2), 4);
    feed(tuner, 40, 0, 0);
    Round round = tuner.startRound(NOW);
    RoundResult result = round.run();
    assertThat(round.run()).usingRecursiveComparison().isEqualTo(result); // pure
    Decision decision = tuner.finish(result, NOW + 10);
    assertThat(decision.accepted()).as(decision.detail()).isTrue();
    assertThat(decision.version()).isEqualTo(5);
    assertThat(decision.parentVersion()).isEqualTo(4);
    assertThat(decision.samplesSeen()).isEqualTo(40);
    assertThat(decision.trainLoss()).isFinite();
    assertThat(tuner.version()).isEqualTo(5);
    assertThat(tuner.serving()).isEqualTo(result.candidate()).isNotEqualTo(FineTuneFixtures.model(2));
    assertThat(tuner.roundsAccepted()).isEqualTo(1);
    assertThat(result.optimizerState()).containsKey("step");
  }

  @Test
  void aRoundRunsOnAnotherThreadWhileSamplesArrive() throws Exception {
    FineTuner tuner = new FineTuner(FineTuneFixtures.settings(), FineTuneFixtures.model(2), 1);
    feed(tuner, 40, 0, 0);
    Round round = tuner.startRound(NOW);
    CompletableFuture<RoundResult> background = CompletableFuture.supplyAsync(round::run);
    feed(tuner, 200, 40, 0.5);
    RoundResult result = background.get();
    assertThat(round.run()).usingRecursiveComparison().isEqualTo(result);
    assertThat(tuner.finish(result, NOW).samplesSeen()).isEqualTo(240);
  }

  @Test
  void aCandidateThatValidatesWorseIsRejected() {
    FineTuner tuner = new FineTuner(FineTuneFixtures.settings(OptimizerChoice.ADAM, 0.05, 0), FineTuneFixtures.model(2), 1);
    feed(tuner, 40, 0, 2); // trains toward an offset of +2 ...
    feed(tuner, 16, 40, -2); // ... that the validation slice, at -2, punishes
    Decision decision = tuner.finish(tuner.startRound(NOW).run(), NOW);
    assertThat(decision.outcome()).isEqualTo(RoundOutcome.WORSE_VALIDATION);
    assertThat(decision.validationLoss()).isGreaterThan(decision.servingValidationLoss());
    assertThat(decision.detail()).contains(Double.toString(decision.validationLoss()))
        .contains(Double.toString(decision.servingValidationLoss())).contains("tolerance 0.0");
    assertThat(tuner.version()).isEqualTo(1);
    assertThat(tuner.serving()).isEqualTo(FineTuneFixtures.model(2));
    assertThat(tuner.roundsRejected()).isEqualTo(1);
  }

  @Test
  void nonFiniteTrainingIsRejectedAndTheVersionKept() {
    ModelParameters poisoned = FineTuneFixtures.model(2);
    poisoned.get(ParameterSpec.weightHh(0))[5] = Double.NaN;
    FineTuner tuner = new FineTuner(FineTuneFixtures.settings(), poisoned, 3);
    feed(tuner, 40, 0, 0);
    Decision decision = tuner.finish(tuner.startRound(NOW).run(), NOW);
    assertThat(decision.outcome()).isEqualTo(RoundOutcome.NON_FINITE_LOSS);
    assertThat(decision.accepted()).isFalse();
    assertThat(decision.detail()).contains("loss is NaN");
    assertThat(tuner.version()).isEqualTo(3);

    FineTuner exploding = new FineTuner(
        FineTuneFixtures.settings(OptimizerChoice.SGD, 1e300, 0), FineTuneFixtures.model(2), 3);
    feed(exploding, 40, 0, 0);
    Decision blownUp = exploding.finish(exploding.startRound(NOW).run(), NOW);
    assertThat(blownUp.outcome()).isIn(RoundOutcome.NON_FINITE_LOSS, RoundOutcome.NON_FINITE_WEIGHTS);
    assertThat(exploding.version()).isEqualTo(3);
    assertThat(exploding.serving()).isEqualTo(FineTuneFixtures.model(2));
  }

  @Test
  void adoptingANewerVersionSupersedesTheRoundInFlight() {
    FineTuner tuner = new FineTuner(FineTuneFixtures.settings(OptimizerChoice.ADAM, 0.02, 1.0), FineTuneFixtures.model(2), 1);
    feed(tuner, 40, 0, 0);
    Round round = tuner.startRound(NOW);
    ModelParameters published = RandomModels.parameters(tuner.serving().config(), 99);
    assertThat(tuner.adopt(published, 1)).isFalse();
    assertThat(tuner.adopt(published, 7)).isTrue();
    assertThat(tuner.adopt(FineTuneFixtures.model(2), 6)).isFalse();
    Decision decision = tuner.finish(round.run(), NOW);
    assertThat(decision.outcome()).isEqualTo(RoundOutcome.SUPERSEDED);
    assertThat(decision.version()).isEqualTo(7);
    assertThat(tuner.serving()).isEqualTo(published);
    assertThatThrownBy(() -> tuner.adopt(FineTuneFixtures.model(3), 8))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("forecasts");
  }

  @Test
  void aRestoredSnapshotContinuesBitIdentically() {
    FineTuner original = new FineTuner(FineTuneFixtures.settings(OptimizerChoice.ADAM, 0.02, 1.0), FineTuneFixtures.model(2), 1);
    feed(original, 40, 0, 0);
    assertThat(original.finish(original.startRound(NOW).run(), NOW + 5).accepted()).isTrue();
    feed(original, 10, 40, 0);
    byte[] snapshot = original.snapshot();
    FineTuner restored = FineTuner.restore(original.settings(), snapshot);
    assertThat(restored.snapshot()).isEqualTo(snapshot);
    assertThat(restored.version()).isEqualTo(2);

    feed(original, 30, 50, 0.1);
    feed(restored, 30, 50, 0.1);
    assertThat(restored.roundDue(NOW + 6)).isEqualTo(original.roundDue(NOW + 6)).isTrue();
    Decision expected = original.finish(original.startRound(NOW + 6).run(), NOW + 9);
    Decision actual = restored.finish(restored.startRound(NOW + 6).run(), NOW + 9);
    assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
    assertThat(restored.snapshot()).isEqualTo(original.snapshot());
  }

  @Test
  void aCorruptSnapshotIsAnIllegalArgument() {
    FineTuner tuner = new FineTuner(FineTuneFixtures.settings(), FineTuneFixtures.model(2), 1);
    feed(tuner, 20, 0, 0);
    byte[] snapshot = tuner.snapshot();
    FineTuneSettings settings = tuner.settings();
    assertThatThrownBy(() -> FineTuner.restore(settings, Arrays.copyOf(snapshot, snapshot.length - 3)))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] garbled = snapshot.clone();
    garbled[60] ^= 0x55; // inside the weight file's header
    assertThatThrownBy(() -> FineTuner.restore(settings, garbled)).isInstanceOf(IllegalArgumentException.class);
    FineTuneSettings otherSeed = new FineTuneSettings(settings.loss(), settings.optimizer(), settings.momentum(),
        settings.learningRate(), settings.batchSize(), settings.epochsPerRound(), settings.dropout(),
        settings.clipNorm(), settings.weightDecay(), settings.bufferCapacity(), settings.validationSize(),
        settings.roundSamples(), settings.roundIntervalMillis(), settings.minTrainingSamples(),
        settings.tolerance(), settings.seed() + 1);
    assertThatThrownBy(() -> FineTuner.restore(otherSeed, snapshot))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seed");
  }

  @Test
  void roundsOfASmallLstmLowerTheValidationLossOfAPattern() {
    FineTuner tuner = new FineTuner(FineTuneFixtures.settings(), FineTuneFixtures.model(2), 1);
    List<Decision> decisions = new ArrayList<>();
    int next = 0;
    for (int round = 0; round < 6; round++) {
      while (!tuner.roundDue(NOW)) {
        tuner.add(FineTuneFixtures.sample("s" + next % 5, next, 0));
        next++;
      }
      decisions.add(tuner.finish(tuner.startRound(NOW).run(), NOW));
    }
    double first = decisions.get(0).servingValidationLoss();
    double last = decisions.get(decisions.size() - 1).servingValidationLoss();
    assertThat(decisions).anyMatch(Decision::accepted);
    assertThat(last).as("serving validation loss: %s -> %s", first, decisions.stream()
        .map(d -> d.outcome() + " " + d.validationLoss()).toList()).isLessThan(0.1 * first);
  }

  /** Adds {@code count} pattern samples, numbered from {@code first}, from 4 sensors. */
  private static void feed(FineTuner tuner, int count, int first, double offset) {
    for (int i = first; i < first + count; i++) {
      tuner.add(FineTuneFixtures.sample("s" + i % 4, i, offset));
    }
  }
}
