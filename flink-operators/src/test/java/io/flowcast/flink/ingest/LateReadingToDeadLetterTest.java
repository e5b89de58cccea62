package io.flowcast.flink.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.schemas.DeadLetter;
import io.flowcast.schemas.SensorReading;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class LateReadingToDeadLetterTest {

  @Test
  void aLateReadingBecomesALateDeadLetterWithItsCoordinatesAndAvroBytes() throws Exception {
    Reading reading = new Reading("pump-7", 1_700_000_005_000L, 12.5, 4, 321L);

    try (OneInputStreamOperatorTestHarness<Reading, DeadLetter> harness =
        ProcessFunctionTestHarnesses.forProcessFunction(new LateReadingToDeadLetter("readings"))) {
      harness.processElement(reading, reading.eventTime);

      assertThat(harness.extractOutputValues()).singleElement().satisfies(deadLetter -> {
        assertThat(deadLetter.getReason()).isEqualTo("LATE");
        assertThat(deadLetter.getSourceTopic()).isEqualTo("readings");
        assertThat(deadLetter.getPartition()).isEqualTo(4);
        assertThat(deadLetter.getOffset()).isEqualTo(321L);
        assertThat(deadLetter.getDetail()).contains("1700000005000").contains("pump-7");
        byte[] raw = new byte[deadLetter.getRawValue().remaining()];
        deadLetter.getRawValue().duplicate().get(raw);
        assertThat(new SensorReadingCodec().decode(raw))
            .isEqualTo(new SensorReading("pump-7", Instant.ofEpochMilli(1_700_000_005_000L), 12.5, Map.of()));
      });
    }
  }
}
