package io.flowcast.flink.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.schemas.DeadLetter;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

class DeadLetterSplitterTest {

  @Test
  void readingsGoOnAndDeadLettersToTheSideOutput() throws Exception {
    Reading reading = new Reading("pump-7", 5L, 1.0, 0, 1L);
    DeadLetter deadLetter = DeadLetters.of("readings", 0, 2L, DeadLetterReason.NON_FINITE_VALUE, "NaN", new byte[] {0});

    try (OneInputStreamOperatorTestHarness<Either<DeadLetter, Reading>, Reading> harness =
        ProcessFunctionTestHarnesses.forProcessFunction(new DeadLetterSplitter())) {
      harness.processElement(Either.Right(reading), 5L);
      harness.processElement(Either.Left(deadLetter), 6L);

      assertThat(harness.extractOutputValues()).containsExactly(reading);
      assertThat(harness.getSideOutput(DeadLetterSplitter.DEAD_LETTERS))
          .extracting(StreamRecord::getValue)
          .containsExactly(deadLetter);
    }
  }
}
