package io.flowcast.flink.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Percentage.withPercentage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SensorFleetSimulatorTest {
  private static final long HOUR = 3_600_000L;

  private static FleetSettings settings(long seed, long seasonPeriodMillis, double rate, int quietWindows) {
    return new FleetSettings(8, seed, FleetSettings.DEFAULT_START_MILLIS, 10_000L, 300_000L,
        seasonPeriodMillis, rate, quietWindows, 6, 10);
  }

  private static List<SimulatedReading> readings(SensorFleetSimulator simulator, long untilExclusive) {
    List<SimulatedReading> readings = new ArrayList<>();
    simulator.readingsUntil(untilExclusive, readings::add);
    return readings;
  }

  @Test
  void theSameSeedGivesTheSameReadingsAndAnotherSeedOthers() {
    long until = FleetSettings.DEFAULT_START_MILLIS + HOUR;
    List<SimulatedReading> first = readings(new SensorFleetSimulator(settings(3, HOUR, 0.01, 0)), until);
    List<SimulatedReading> again = readings(new SensorFleetSimulator(settings(3, HOUR, 0.01, 0)), until);
    List<SimulatedReading> other = readings(new SensorFleetSimulator(settings(4, HOUR, 0.01, 0)), until);
    assertThat(again).isEqualTo(first);
    assertThat(other.get(0).value()).isNotEqualTo(first.get(0).value());
  }

  @Test
  void readingsComeInEventTimeOrderForEverySensorAtEveryTick() {
    SensorFleetSimulator simulator = new SensorFleetSimulator(settings(1, HOUR, 0, 0));
    long start = FleetSettings.DEFAULT_START_MILLIS;
    List<SimulatedReading> readings = readings(simulator, start + 60_000L);
    assertThat(readings).hasSize(6 * 8);
    assertThat(readings.get(0)).extracting(SimulatedReading::sensorId, SimulatedReading::eventTimeMillis)
        .containsExactly("sensor-0000", start);
    assertThat(readings.get(15)).extracting(SimulatedReading::sensorId, SimulatedReading::eventTimeMillis)
        .containsExactly("sensor-0007", start + 10_000L);
    for (int i = 1; i < readings.size(); i++) {
      assertThat(readings.get(i).eventTimeMillis()).isGreaterThanOrEqualTo(readings.get(i - 1).eventTimeMillis());
    }
    assertThat(simulator.nextEventTime()).isEqualTo(start + 60_000L);
  }

  @Test
  void theStreamInPiecesAveragesToTheOfflineWindowMeans() {
    SensorFleetSimulator streamed = new SensorFleetSimulator(settings(5, HOUR, 0.05, 0));
    long start = FleetSettings.DEFAULT_START_MILLIS;
    double[][] sums = new double[8][4];
    long end = start + 4 * 300_000L;
    for (long until = start + 7_000L; streamed.nextEventTime() < end; until += 45_000L) {
      streamed.readingsUntil(Math.min(until, end), reading -> {
        int sensor = Integer.parseInt(reading.sensorId().substring("sensor-".length()));
        sums[sensor][(int) ((reading.eventTimeMillis() - start) / 300_000L)] += reading.value();
      });
    }
    SensorFleetSimulator offline = new SensorFleetSimulator(settings(5, HOUR, 0.05, 0));
    for (int s = 0; s < 8; s++) {
      float[] means = offline.windowMeans(s, 0, 4);
      for (int w = 0; w < 4; w++) {
        assertThat(means[w]).isCloseTo((float) (sums[s][w] / 30), withPercentage(1e-4));
      }
    }
    assertThat(streamed.injectedAnomalies()).isEqualTo(offline.anomaliesInWindows(0, 4));
  }

  @Test
  void windowMeansFollowTheStatedSeasonWithinTheWindowNoise() {
    long period = 6 * HOUR;
    SensorFleetSimulator simulator = new SensorFleetSimulator(settings(9, period, 0, 0));
    int windows = 4 * 72;
    for (int s = 0; s < 8; s++) {
      SensorProfile profile = simulator.profile(s);
      float[] means = simulator.windowMeans(s, 0, windows);
      double sumSinSq = 0;
      double sumSinResidual = 0;
      double sumSqNoise = 0;
      for (int w = 0; w < windows; w++) {
        long centre = simulator.windowStart(w) + 150_000L;
        double noiseless = simulator.expectedValue(s, centre);
        double seasonal = Math.sin(2 * Math.PI * Math.floorMod(centre, period) / period + profile.phase());
        double withoutSeason = noiseless - profile.amplitude() * seasonal;
        sumSinSq += seasonal * seasonal;
        sumSinResidual += seasonal * (means[w] - withoutSeason);
        sumSqNoise += (means[w] - noiseless) * (means[w] - noiseless);
      }
      assertThat(sumSinResidual / sumSinSq).as("fitted amplitude of sensor %d", s)
          .isCloseTo(profile.amplitude(), withPercentage(5));
      assertThat(Math.sqrt(sumSqNoise / windows) / profile.windowMeanSd(30)).as("noise of sensor %d", s)
          .isBetween(0.8, 1.2);
    }
  }

  @Test
  void anomaliesShiftTheirWindowsByAtLeastSixSigmasAndOnlyAfterTheQuietStart() {
    SensorFleetSimulator simulator = new SensorFleetSimulator(settings(13, HOUR, 0.05, 20));
    int windows = 200;
    List<InjectedAnomaly> anomalies = simulator.anomaliesInWindows(0, windows);
    assertThat(anomalies).hasSizeBetween(40, 120);
    assertThat(anomalies)
        .allSatisfy(a -> assertThat(a.windowStart()).isGreaterThanOrEqualTo(simulator.windowStart(20)));
    Set<InjectedAnomaly> anomalous = new HashSet<>(anomalies);
    for (int s = 0; s < 8; s++) {
      float[] means = simulator.windowMeans(s, 0, windows);
      double sigma = simulator.profile(s).windowMeanSd(30);
      for (int w = 0; w < windows; w++) {
        long start = simulator.windowStart(w);
        double deviation = Math.abs(means[w] - simulator.expectedValue(s, start + 150_000L)) / sigma;
        if (anomalous.contains(new InjectedAnomaly(SensorFleetSimulator.sensorId(s), start))) {
          assertThat(deviation).as("anomaly of sensor %d in window %d", s, w).isGreaterThan(3);
        } else {
          assertThat(deviation).as("normal window %d of sensor %d", w, s).isLessThan(5);
        }
      }
    }
  }

  @Test
  void profilesSpanThreeOrdersOfMagnitude() {
    SensorFleetSimulator simulator = new SensorFleetSimulator(FleetSettings.demo(64, 1));
    double smallest = Double.MAX_VALUE;
    double largest = 0;
    for (int s = 0; s < 64; s++) {
      smallest = Math.min(smallest, simulator.profile(s).level());
      largest = Math.max(largest, simulator.profile(s).level());
    }
    assertThat(smallest).isBetween(1.0, 10.0);
    assertThat(largest).isBetween(100.0, 1000.0);
    assertThat(SensorFleetSimulator.sensorId(7)).isEqualTo("sensor-0007");
  }

  @Test
  void rejectsAWindowThatIsNotAMultipleOfTheReadingInterval() {
    assertThatThrownBy(() -> FleetSettings.demo(4, 1).withWindowMillis(25_000L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple of the reading interval");
  }

  @Test
  void fromTheDriftWindowOnEverySensorFollowsItsDriftedProfileAndBeforeItNothingChanges() {
    FleetSettings steady = FleetSettings.demo(16, 5);
    int driftWindow = 100;
    SensorFleetSimulator before = new SensorFleetSimulator(steady);
    SensorFleetSimulator drifting = new SensorFleetSimulator(steady.withDriftFromWindow(driftWindow));
    SensorFleetSimulator again = new SensorFleetSimulator(steady.withDriftFromWindow(driftWindow));
    for (int s = 0; s < 16; s++) {
      assertThat(drifting.windowMeans(s, 0, driftWindow)).containsExactly(before.windowMeans(s, 0, driftWindow));
      assertThat(drifting.windowMeans(s, driftWindow, 300)).containsExactly(again.windowMeans(s, driftWindow, 300))
          .isNotEqualTo(before.windowMeans(s, driftWindow, 300));
      long driftAt = drifting.windowStart(driftWindow);
      SensorProfile old = drifting.profileAt(s, driftAt - 1);
      SensorProfile now = drifting.profileAt(s, driftAt);
      assertThat(old).isEqualTo(before.profile(s));
      assertThat(now.level() / old.level()).isBetween(0.9, 1.1);
      assertThat(now.amplitude() / old.amplitude()).isBetween(1.1, 1.4);
      assertThat(now.harmonic() / now.amplitude()).isBetween(0.3, 0.5);
      assertThat(now.windowMeanSd(30)).isEqualTo(old.windowMeanSd(30));
    }
    assertThat(drifting.anomaliesInWindows(0, 2000)).isEqualTo(before.anomaliesInWindows(0, 2000));
  }
}
