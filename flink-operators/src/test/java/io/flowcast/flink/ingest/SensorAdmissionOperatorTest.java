package io.flowcast.flink.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.window.SensorIdKey;
import io.flowcast.schemas.DeadLetter;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class SensorAdmissionOperatorTest {
  private static final int MAX_PARALLELISM = 128;

  @Test
  void admitsSensorsUpToTheLimitAndDeadLettersNewOnesBeyondIt() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness = open(3, null, 1, 0)) {
      for (String sensor : List.of("a", "b", "a", "c", "d", "b", "e", "c")) {
        harness.processElement(reading(sensor));
      }

      assertThat(harness.extractOutputValues()).extracting(r -> r.sensorId)
          .containsExactly("a", "b", "a", "c", "b", "c");
      List<DeadLetter> refused = deadLetters(harness);
      assertThat(refused).extracting(DeadLetter::getReason).containsOnly(DeadLetterReason.TOO_MANY_SENSORS.name());
      assertThat(refused).extracting(DeadLetter::getDetail)
          .anySatisfy(detail -> assertThat(detail).contains("sensor d").contains("3 sensors"))
          .anySatisfy(detail -> assertThat(detail).contains("sensor e"));
      assertThat(refused.get(0).getSourceTopic()).isEqualTo("readings");
      assertThat(refused.get(0).getRawValue()).isNotNull();
      assertThat(((SensorAdmissionOperator) harness.getOperator()).admittedSensors()).isEqualTo(3);
    }
  }

  @Test
  void theCountIsRecountedOnRestoreSoAdmittedSensorsPassAndTheLimitHolds() throws Exception {
    OperatorSubtaskState snapshot;
    try (KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness = open(2, null, 1, 0)) {
      harness.processElement(reading("a"));
      harness.processElement(reading("b"));
      snapshot = harness.snapshot(1, 1);
    }
    try (KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> restored = open(2, snapshot, 1, 0)) {
      assertThat(((SensorAdmissionOperator) restored.getOperator()).admittedSensors()).isEqualTo(2);
      restored.processElement(reading("c"));
      restored.processElement(reading("b"));
      restored.processElement(reading("a"));

      assertThat(restored.extractOutputValues()).extracting(r -> r.sensorId).containsExactly("b", "a");
      assertThat(deadLetters(restored)).extracting(DeadLetter::getDetail).singleElement()
          .satisfies(detail -> assertThat(detail).contains("sensor c"));
    }
  }

  /** Rescaled 1 -> 2, each task counts the sensors of the key groups it got: none is lost or counted twice. */
  @Test
  void afterARescaleEachTaskCountsTheSensorsItGot() throws Exception {
    List<String> sensors = List.of("a", "b", "c", "d", "e", "f", "g", "h");
    OperatorSubtaskState snapshot;
    try (KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness = open(8, null, 1, 0)) {
      for (String sensor : sensors) {
        harness.processElement(reading(sensor));
      }
      snapshot = harness.snapshot(1, 1);
    }
    long total = 0;
    for (int subtask = 0; subtask < 2; subtask++) {
      OperatorSubtaskState part = AbstractStreamOperatorTestHarness.repartitionOperatorState(
          snapshot, MAX_PARALLELISM, 1, 2, subtask);
      try (KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> task = open(8, part, 2, subtask)) {
        total += ((SensorAdmissionOperator) task.getOperator()).admittedSensors();
      }
    }
    assertThat(total).isEqualTo(sensors.size());
  }

  /**
   * An admission lives {@code ttl} after its last refresh (Flink's TTL clock and the processing
   * time moved together): a sensor that went quiet frees its place at the next recount, one that
   * kept sending keeps its place, and the quiet one is a new sensor when it comes back.
   */
  @Test
  void anAdmissionExpiresTtlAfterTheSensorsLastRefreshAndFreesItsPlace() throws Exception {
    Duration ttl = Duration.ofSeconds(100);
    try (KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness = open(2, null, 1, 0, ttl)) {
      at(harness, 1_000);
      harness.processElement(reading("a"));
      harness.processElement(reading("b"));
      at(harness, 51_000); // a refreshes (at least a tenth of the ttl since its admission); b stays quiet
      harness.processElement(reading("a"));
      at(harness, 102_000); // b's admission expired at 101,000; a's lives until 151,000
      for (String sensor : List.of("c", "d", "a", "b")) {
        harness.processElement(reading(sensor));
      }

      assertThat(harness.extractOutputValues()).extracting(r -> r.sensorId).containsExactly("a", "b", "a", "c", "a");
      assertThat(deadLetters(harness)).extracting(DeadLetter::getDetail)
          .satisfiesExactly(
              detail -> assertThat(detail).contains("sensor d"),
              detail -> assertThat(detail).contains("sensor b"));
      assertThat(((SensorAdmissionOperator) harness.getOperator()).admittedSensors()).isEqualTo(2);
    }
  }

  private static void at(KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness, long millis)
      throws Exception {
    harness.setProcessingTime(millis);
    harness.setStateTtlProcessingTime(millis);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> open(
      int maxSensors, OperatorSubtaskState restoreFrom, int parallelism, int subtask) throws Exception {
    return open(maxSensors, restoreFrom, parallelism, subtask, Duration.ofDays(7));
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> open(
      int maxSensors, OperatorSubtaskState restoreFrom, int parallelism, int subtask, Duration ttl) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new SensorAdmissionOperator(maxSensors, ttl, "readings"), new SensorIdKey(), Types.STRING,
            MAX_PARALLELISM, parallelism, subtask);
    harness.setProcessingTime(1_000);
    if (restoreFrom != null) {
      harness.initializeState(restoreFrom);
    }
    harness.open();
    return harness;
  }

  private static List<DeadLetter> deadLetters(KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness) {
    var queue = harness.getSideOutput(SensorAdmissionOperator.DEAD_LETTERS);
    return queue == null ? List.of() : queue.stream().map(StreamRecord::getValue).toList();
  }

  private static StreamRecord<Reading> reading(String sensor) {
    return new StreamRecord<>(new Reading(sensor, 5_000L, 1.0, 0, 7L), 5_000L);
  }
}
