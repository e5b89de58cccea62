package io.flowcast.flink.forecast;

import static io.flowcast.flink.forecast.ForecastOperatorHarness.config;
import static io.flowcast.flink.forecast.ForecastOperatorHarness.finishInEmissionOrder;
import static io.flowcast.flink.forecast.ForecastOperatorHarness.open;
import static io.flowcast.flink.forecast.ForecastOperatorHarness.replay;
import static io.flowcast.flink.forecast.ForecastOperatorHarness.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.window.WindowFeatures;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.ForecastTarget;
import io.flowcast.model.forecast.GapPolicy;
import io.flowcast.model.forecast.ReplayForecast;
import io.flowcast.model.forecast.SensorReplay;
import io.flowcast.schemas.Forecast;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Model-core's offline {@link SensorReplay} (what {@code flowcast evaluate} runs) is the
 * ForecastOperator's logic: for any stream of closed windows, fed to the operator in Flink's keyed
 * test harness and to the replay with the same model, settings, Java engine, bundle size, gap policy
 * and maximum gap ({@link ForecastOperatorHarness#config}, {@link ForecastOperatorHarness#replay}),
 * both emit the same forecasts, interval bounds, residuals, calibrated anomaly scores and anomaly
 * flags (default threshold 0.25), bit for bit, per sensor and in emission order (and with the
 * sensors interleaved alike). Every score either side emits is NaN (warm-up) or in [0, 1]. Half the
 * streams run under the job's default settings, half under docs/ACCURACY.md's configuration (the
 * change target, the online correction and level novelty with bursts, its warm-up shortened to 8 to
 * 30 windows so that these streams get past it).
 *
 * <p>The streams hold 1 to 4 sensors of 40 to 150 arriving windows each: a season with noise and
 * occasional big jumps (so that scores get high and windows flagged), missed windows (gaps up to
 * the maximum of 12 windows, imputed under {@link GapPolicy#IMPUTE}, and longer ones, which reset
 * the recurrent state), late re-fired windows (stale, skipped), the sensors interleaved at random
 * (each sensor's windows in their arrival order), bundles of 1 to 16 windows, and every gap policy.
 * The generator also knows which windows each sensor misses and which are stale, so the property
 * checks the emitted windows, their missed-window counts and the replay's imputation, reset and
 * stale counts against it, which keeps the stream honest about what it exercises.
 */
class SensorReplayPropertyTest {
  /** {@link ForecastOperatorHarness#config}'s maximum gap: a longer gap resets the sensor. */
  private static final int MAX_GAP = 12;

  @Property(tries = 50)
  void replayEmitsWhatTheOperatorEmits(@ForAll("streams") WindowStream stream) throws Exception {
    ForecastOperatorConfig config = config(stream.bundleSize(), stream.policy(), Duration.ZERO, stream.settings());
    assertThat(config.maxGapWindows()).isEqualTo(MAX_GAP);
    List<StreamRecord<WindowFeatures>> windows = stream.windows();

    List<Forecast> streamed;
    try (var harness = open(config, null)) {
      for (StreamRecord<WindowFeatures> window : windows) {
        harness.processElement(window);
      }
      streamed = finishInEmissionOrder(harness);
    }
    SensorReplay replay = replay(config);
    List<ReplayForecast> replayed =
        replay.replay(windows.stream().map(ForecastOperatorHarness::replayWindow).toList());
    replay.forecaster().close();

    List<Emitted> fromOperator = streamed.stream().map(Emitted::of).toList();
    List<Emitted> fromReplay = replayed.stream().map(Emitted::of).toList();
    Map<String, List<Emitted>> operatorBySensor = bySensor(fromOperator);
    Map<String, List<Emitted>> replayBySensor = bySensor(fromReplay);
    assertThat(replayBySensor.keySet()).containsExactlyInAnyOrderElementsOf(operatorBySensor.keySet());
    for (Map.Entry<String, List<Emitted>> sensor : operatorBySensor.entrySet()) {
      List<Emitted> expected = sensor.getValue();
      List<Emitted> actual = replayBySensor.get(sensor.getKey());
      assertThat(actual).as("sensor %s: forecasts emitted", sensor.getKey()).hasSameSizeAs(expected);
      for (int i = 0; i < expected.size(); i++) {
        assertThat(actual.get(i)).as("sensor %s, forecast %d", sensor.getKey(), i).isEqualTo(expected.get(i));
      }
    }
    assertThat(fromReplay.stream().map(Emitted::sensor).toList()).as("the sensors' interleaving")
        .isEqualTo(fromOperator.stream().map(Emitted::sensor).toList());

    for (Emitted forecast : fromOperator) {
      if (!Float.isNaN(forecast.score())) {
        assertThat(forecast.score()).as("%s", forecast).isBetween(0f, 1f);
      }
    }
    for (Emitted forecast : fromReplay) {
      if (!Float.isNaN(forecast.score())) {
        assertThat(forecast.score()).as("%s", forecast).isBetween(0f, 1f);
      }
    }

    // what the generator meant: one forecast per window that is not stale, its gap, the counts
    Map<String, List<Long>> starts = new LinkedHashMap<>();
    Map<String, List<Integer>> missed = new LinkedHashMap<>();
    operatorBySensor.forEach((sensor, emitted) -> {
      starts.put(sensor, emitted.stream().map(Emitted::start).toList());
      missed.put(sensor, emitted.stream().map(Emitted::missed).toList());
    });
    Expected expected = stream.expected();
    assertThat(starts).isEqualTo(expected.starts());
    assertThat(missed).isEqualTo(expected.missed());
    assertThat(replay.staleWindows()).as("stale windows").isEqualTo(expected.stale());
    assertThat(replay.imputedWindows()).as("imputed windows").isEqualTo(expected.imputed());
    assertThat(replay.stateResets()).as("state resets").isEqualTo(expected.resets());

    Statistics.label("policy").collect(stream.policy());
    Statistics.label("level novelty").collect(stream.settings().scoresLevelNovelty());
    Statistics.label("windows").collect(windows.size() / 100 * 100 + "+");
    Statistics.label("anomaly flagged").collect(fromOperator.stream().anyMatch(Emitted::anomaly));
    Statistics.label("scored").collect(fromOperator.stream().anyMatch(f -> !Float.isNaN(f.score())));
    Statistics.label("state reset").collect(expected.resets() > 0);
    Statistics.label("imputed").collect(expected.imputed() > 0);
    Statistics.label("stale").collect(expected.stale() > 0);
  }

  @Provide
  Arbitrary<WindowStream> streams() {
    Arbitrary<List<SensorPlan>> sensors = sensor().list().ofMinSize(1).ofMaxSize(4);
    Arbitrary<Schedule> schedules = sensors.flatMap(plans -> {
      List<Integer> arrivals = new ArrayList<>();
      for (int s = 0; s < plans.size(); s++) {
        for (int i = 0; i < plans.get(s).arrivals().size(); i++) {
          arrivals.add(s);
        }
      }
      return Arbitraries.shuffle(arrivals).map(order -> new Schedule(plans, order));
    });
    return Combinators.combine(schedules, Arbitraries.integers().between(1, 16), Arbitraries.of(GapPolicy.class),
            settings())
        .as((schedule, bundle, policy, settings) ->
            new WindowStream(schedule.sensors(), schedule.order(), bundle, policy, settings));
  }

  /**
   * The job's defaults, or docs/ACCURACY.md's configuration (the change target, the online correction,
   * level novelty with bursts) with a level warm-up short enough for these streams to be scored.
   */
  private static Arbitrary<ForecastSettings> settings() {
    Arbitrary<ForecastSettings> accuracy =
        Combinators.combine(Arbitraries.integers().between(8, 30), Arbitraries.integers().between(0, 12))
            .as((warmUp, burstGap) -> ForecastSettings.defaults().withTarget(ForecastTarget.CHANGE)
                .withCorrection(0.998).withLevelNovelty(warmUp, burstGap));
    return Arbitraries.oneOf(Arbitraries.just(ForecastSettings.defaults()), accuracy);
  }

  /** A sensor's season and noise and the arrivals of its windows. */
  private static Arbitrary<SensorPlan> sensor() {
    Arbitrary<Double> levels = Arbitraries.doubles().between(-100, 1000);
    Arbitrary<Double> amplitudes = Arbitraries.doubles().between(0, 50);
    Arbitrary<Double> periods = Arbitraries.doubles().between(2, 40);
    Arbitrary<Double> noise = Arbitraries.doubles().between(0, 5);
    Arbitrary<List<Arrival>> arrivals = arrival().list().ofMinSize(40).ofMaxSize(150)
        .withSizeDistribution(RandomDistribution.uniform());
    return Combinators.combine(levels, amplitudes, periods, noise, arrivals).as(SensorPlan::new);
  }

  private static Arbitrary<Arrival> arrival() {
    Arbitrary<Double> noise = Arbitraries.doubles().between(-1, 1);
    return Arbitraries.frequencyOf(List.of(
        Tuple.of(80, noise.map(n -> new Arrival(Kind.NEXT, 0, n))),
        Tuple.of(3, Combinators.combine(Arbitraries.integers().between(20, 200), noise)
            .as((size, n) -> new Arrival(Kind.JUMP, size, n))),
        Tuple.of(6, Combinators.combine(Arbitraries.integers().between(1, MAX_GAP), noise)
            .as((gap, n) -> new Arrival(Kind.AFTER_GAP, gap, n))),
        Tuple.of(2, Combinators.combine(Arbitraries.integers().between(MAX_GAP + 1, 40), noise)
            .as((gap, n) -> new Arrival(Kind.AFTER_GAP, gap, n))),
        Tuple.of(5, Combinators.combine(Arbitraries.integers().between(0, 5), noise)
            .as((back, n) -> new Arrival(Kind.STALE, back, n)))));
  }

  enum Kind {
    /** The window right after the sensor's last one. */
    NEXT,
    /** The next window, {@code amount} times the sensor's spread off its season. */
    JUMP,
    /** The window after {@code amount} missed ones (just the first window if the sensor has none yet). */
    AFTER_GAP,
    /** A late re-firing of the window {@code amount} before the sensor's last one (the first window if none). */
    STALE
  }

  /** How a sensor's next window arrives; {@code noise} in [-1, 1] scales the sensor's noise. */
  record Arrival(Kind kind, int amount, double noise) {}

  record SensorPlan(double level, double amplitude, double period, double noise, List<Arrival> arrivals) {
    /** The index of each arrival's window (its start over the window size). */
    long[] indices() {
      long[] indices = new long[arrivals.size()];
      long last = -1;
      for (int i = 0; i < indices.length; i++) {
        Arrival arrival = arrivals.get(i);
        indices[i] = switch (arrival.kind()) {
          case NEXT, JUMP -> last + 1;
          case AFTER_GAP -> last + 1 + arrival.amount();
          case STALE -> Math.max(0, last - arrival.amount());
        };
        last = Math.max(last, indices[i]);
      }
      return indices;
    }

    double value(long index, Arrival arrival) {
      double value = level + amplitude * Math.sin(2 * Math.PI * index / period) + noise * arrival.noise();
      if (arrival.kind() == Kind.JUMP) {
        value += Math.copySign(arrival.amount() * (amplitude + noise + 1), arrival.noise());
      }
      return value;
    }
  }

  record Schedule(List<SensorPlan> sensors, List<Integer> order) {}

  /** What the generator meant each sensor to get, from its windows and the gap policy. */
  record Expected(Map<String, List<Long>> starts, Map<String, List<Integer>> missed, long stale, long imputed,
      long resets) {}

  /**
   * Sensors' windows in the order the operator receives them: the {@code k}-th occurrence of
   * sensor {@code s} in {@code order} is sensor {@code s}'s {@code k}-th arrival.
   */
  record WindowStream(List<SensorPlan> sensors, List<Integer> order, int bundleSize, GapPolicy policy,
      ForecastSettings settings) {
    static String sensorId(int sensor) {
      return "sensor-" + sensor;
    }

    List<StreamRecord<WindowFeatures>> windows() {
      List<List<StreamRecord<WindowFeatures>>> perSensor = new ArrayList<>();
      for (int s = 0; s < sensors.size(); s++) {
        SensorPlan plan = sensors.get(s);
        long[] indices = plan.indices();
        List<StreamRecord<WindowFeatures>> arrived = new ArrayList<>();
        for (int i = 0; i < indices.length; i++) {
          arrived.add(window(sensorId(s), indices[i], plan.value(indices[i], plan.arrivals().get(i))));
        }
        perSensor.add(arrived);
      }
      int[] next = new int[sensors.size()];
      List<StreamRecord<WindowFeatures>> out = new ArrayList<>(order.size());
      for (int s : order) {
        out.add(perSensor.get(s).get(next[s]++));
      }
      return out;
    }

    /**
     * A window at or before its sensor's last one is stale; any other is emitted, with the windows
     * missed since the last one, imputed or reset as {@link GapPolicy#onGap} says.
     */
    Expected expected() {
      Map<String, List<Long>> starts = new LinkedHashMap<>();
      Map<String, List<Integer>> missed = new LinkedHashMap<>();
      long stale = 0;
      long imputed = 0;
      long resets = 0;
      for (int s = 0; s < sensors.size(); s++) {
        List<Long> sensorStarts = new ArrayList<>();
        List<Integer> sensorMissed = new ArrayList<>();
        long last = -1;
        for (long index : sensors.get(s).indices()) {
          if (last >= 0 && index <= last) {
            stale++;
            continue;
          }
          long gap = last < 0 ? 0 : index - last - 1;
          last = index;
          sensorStarts.add(index * ForecastOperatorHarness.WINDOW);
          sensorMissed.add((int) gap);
          if (gap > 0) {
            GapPolicy action = policy.onGap(gap, MAX_GAP);
            if (action == GapPolicy.RESET) {
              resets++;
            } else if (action == GapPolicy.IMPUTE) {
              imputed += gap;
            }
          }
        }
        starts.put(sensorId(s), sensorStarts);
        missed.put(sensorId(s), sensorMissed);
      }
      return new Expected(starts, missed, stale, imputed, resets);
    }
  }

  /**
   * One emitted forecast, either side's. Record equality compares float components as {@link
   * Float#compare} and {@code List<Float>} elements as {@link Float#equals} does: bit for bit
   * ({@link Float#floatToIntBits}), NaN equal to NaN, 0 unequal to -0. The operator's doubles are
   * widened floats, so narrowing them back is exact; its null residual or score is the replay's NaN.
   */
  record Emitted(String sensor, long start, int missed, List<Float> forecasts, List<Float> lower,
      List<Float> upper, float residual, float score, boolean anomaly) {
    static Emitted of(Forecast f) {
      return new Emitted(f.getSensorId(), f.getWindowStart().toEpochMilli(), f.getMissedWindows(),
          narrowed(f.getForecasts()), narrowed(f.getLower()), narrowed(f.getUpper()), orNaN(f.getResidual()),
          orNaN(f.getAnomalyScore()), f.getAnomaly());
    }

    static Emitted of(ReplayForecast f) {
      return new Emitted(f.window().sensorId(), f.window().start(), f.missedWindows(), boxed(f.forecasts()),
          boxed(f.lower()), boxed(f.upper()), f.residual(), f.score(), f.anomaly());
    }

    private static List<Float> narrowed(List<Double> values) {
      List<Float> out = new ArrayList<>(values.size());
      for (double value : values) {
        float narrowed = (float) value;
        assertThat((double) narrowed).as("a widened float").isEqualTo(value);
        out.add(narrowed);
      }
      return out;
    }

    private static List<Float> boxed(float[] values) {
      List<Float> out = new ArrayList<>(values.length);
      for (float value : values) {
        out.add(value);
      }
      return out;
    }

    private static float orNaN(Double value) {
      if (value == null) {
        return Float.NaN;
      }
      float narrowed = (float) (double) value;
      assertThat((double) narrowed).as("a widened float").isEqualTo(value);
      assertThat(narrowed).as("a non-null value is not NaN").isNotNaN();
      return narrowed;
    }
  }

  private static Map<String, List<Emitted>> bySensor(List<Emitted> forecasts) {
    Map<String, List<Emitted>> out = new LinkedHashMap<>();
    for (Emitted forecast : forecasts) {
      out.computeIfAbsent(forecast.sensor(), k -> new ArrayList<>()).add(forecast);
    }
    return out;
  }
}
