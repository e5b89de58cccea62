package io.flowcast.flink.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.ingest.Reading;
import org.junit.jupiter.api.Test;

class WindowFeaturesAggregateTest {
  private final WindowFeaturesAggregate aggregate = new WindowFeaturesAggregate();

  @Test
  void countSumMinMaxAndLastOfInOrderReadings() {
    WindowAccumulator acc = fold(reading(1_000, 4.0), reading(2_000, -2.0), reading(3_000, 7.0), reading(4_000, 3.0));

    assertThat(acc.count).isEqualTo(4);
    assertThat(acc.sum / acc.count).isEqualTo(3.0);
    assertThat(acc.min).isEqualTo(-2.0);
    assertThat(acc.max).isEqualTo(7.0);
    assertThat(acc.lastValue).isEqualTo(3.0);
    assertThat(acc.lastEventTime).isEqualTo(4_000);
  }

  @Test
  void lastIsTheValueWithTheGreatestEventTimeNotTheLastToArrive() {
    WindowAccumulator acc = fold(reading(1_000, 1.0), reading(9_000, 9.0), reading(5_000, 5.0), reading(2_000, 2.0));

    assertThat(acc.lastValue).isEqualTo(9.0);
    assertThat(acc.min).isEqualTo(1.0);
    assertThat(acc.max).isEqualTo(9.0);
    assertThat(acc.count).isEqualTo(4);
  }

  @Test
  void ofEqualEventTimesTheLaterArrivalIsLast() {
    assertThat(fold(reading(1_000, 1.0), reading(1_000, 2.0)).lastValue).isEqualTo(2.0);
  }

  @Test
  void aSingleNegativeReading() {
    WindowAccumulator acc = fold(reading(0, -5.0));

    assertThat(acc.min).isEqualTo(-5.0);
    assertThat(acc.max).isEqualTo(-5.0);
    assertThat(acc.lastValue).isEqualTo(-5.0);
    assertThat(acc.count).isEqualTo(1);
  }

  @Test
  void mergingEqualsFoldingEverything() {
    WindowAccumulator left = fold(reading(1_000, 1.0), reading(8_000, 8.0));
    WindowAccumulator right = fold(reading(3_000, -3.0), reading(5_000, 5.0), reading(6_000, 6.0));

    for (WindowAccumulator merged : new WindowAccumulator[] {aggregate.merge(left, right), aggregate.merge(right, left)}) {
      assertThat(merged.count).isEqualTo(5);
      assertThat(merged.sum).isEqualTo(17.0);
      assertThat(merged.min).isEqualTo(-3.0);
      assertThat(merged.max).isEqualTo(8.0);
      assertThat(merged.lastValue).isEqualTo(8.0);
      assertThat(merged.lastEventTime).isEqualTo(8_000);
    }
  }

  private WindowAccumulator fold(Reading... readings) {
    WindowAccumulator acc = aggregate.createAccumulator();
    for (Reading reading : readings) {
      acc = aggregate.add(reading, acc);
    }
    return aggregate.getResult(acc);
  }

  private static Reading reading(long eventTime, double value) {
    return new Reading("pump-7", eventTime, value, 0, 0L);
  }
}
