package io.flowcast.flink.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.window.SensorIdKey;
import io.flowcast.schemas.DeadLetter;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DuplicateReadingFilterTest {
  /** A 10 s window with no allowed lateness. */
  private static final Duration RETENTION = Duration.ofSeconds(10);

  @Test
  void aSecondReadingOfASensorAtTheSameInstantIsADeadLetterAndTheFirstIsKept() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness = open(null)) {
      harness.processElement(reading("a", 1_000, 1.0));
      harness.processElement(reading("b", 1_000, 2.0));
      harness.processElement(reading("a", 2_000, 3.0));
      harness.processElement(reading("a", 1_000, 9.0));
      harness.processElement(reading("a", 1_500, 4.0));

      assertThat(harness.extractOutputValues()).extracting(r -> r.sensorId + "@" + r.eventTime + "=" + r.value)
          .containsExactly("a@1000=1.0", "b@1000=2.0", "a@2000=3.0", "a@1500=4.0");
      List<DeadLetter> duplicates = deadLetters(harness);
      assertThat(duplicates).singleElement().satisfies(letter -> {
        assertThat(letter.getReason()).isEqualTo(DeadLetterReason.DUPLICATE.name());
        assertThat(letter.getDetail()).isEqualTo(
            "sensor a already has a reading at event time 1000; the first one is kept");
        assertThat(letter.getSourceTopic()).isEqualTo("readings");
        assertThat(letter.getRawValue()).isNotNull();
      });
    }
  }

  @Test
  void anEventTimeIsKeptAsLongAsItsWindowCanStillTakeADuplicate() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness = open(null)) {
      for (int i = 0; i < 100; i++) {
        harness.processElement(reading("a", i * 1_000L, i)); // 10 readings per 10 s window
      }
      harness.processElement(reading("a", 0, 0)); // no watermark yet: every time is kept
      harness.processWatermark(50_000);
      harness.processElement(reading("a", 100_000, 100)); // forgets what is older than 50 s - RETENTION
      harness.processElement(reading("a", 39_000, 39)); // forgotten: passes (the windows make it LATE)
      harness.processElement(reading("a", 40_000, 40)); // its window is still open to a late reading
      assertThat(deadLetters(harness)).extracting(DeadLetter::getDetail).containsExactly(
          "sensor a already has a reading at event time 0; the first one is kept",
          "sensor a already has a reading at event time 40000; the first one is kept");
      assertThat(harness.extractOutputValues()).extracting(r -> r.eventTime).hasSize(102).endsWith(100_000L, 39_000L);
    }
  }

  @Test
  void aSensorKeepsAtMostMaxKeptEventTimes() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness = open(null)) {
      for (int i = 0; i <= DuplicateReadingFilter.MAX_KEPT; i++) {
        harness.processElement(reading("a", i, i));
      }
      harness.processElement(reading("a", 1, 1)); // the MAX_KEPT-th latest: kept
      harness.processElement(reading("a", 0, 0)); // one more back: forgotten, passes
      assertThat(deadLetters(harness)).singleElement()
          .satisfies(letter -> assertThat(letter.getDetail()).contains("event time 1;"));
      assertThat(harness.extractOutputValues()).hasSize(DuplicateReadingFilter.MAX_KEPT + 2);
    }
  }

  @Test
  void theEventTimesSurviveARestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness = open(null)) {
      harness.processElement(reading("a", 1_000, 1.0));
      snapshot = harness.snapshot(1, 1);
    }
    try (KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> restored = open(snapshot)) {
      restored.processElement(reading("a", 1_000, 1.0));
      restored.processElement(reading("a", 2_000, 2.0));
      assertThat(restored.extractOutputValues()).extracting(r -> r.eventTime).containsExactly(2_000L);
      assertThat(deadLetters(restored)).hasSize(1);
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> open(OperatorSubtaskState state)
      throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new DuplicateReadingFilter(Duration.ofHours(1), RETENTION, "readings")),
        new SensorIdKey(), Types.STRING);
    if (state != null) {
      harness.initializeState(state);
    }
    harness.open();
    return harness;
  }

  private static StreamRecord<Reading> reading(String sensor, long eventTime, double value) {
    return new StreamRecord<>(new Reading(sensor, eventTime, value, 0, 0), eventTime);
  }

  private static List<DeadLetter> deadLetters(KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness) {
    return harness.getSideOutput(DuplicateReadingFilter.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
  }
}
