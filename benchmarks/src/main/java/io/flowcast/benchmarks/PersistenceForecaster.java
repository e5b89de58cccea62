package io.flowcast.benchmarks;

import io.flowcast.flink.window.WindowFeatures;
import io.flowcast.schemas.Forecast;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The identity model of the pipeline benchmark: per sensor, forecasts the window's mean for every
 * horizon step (persistence), keeps the previous mean in keyed state for the residual, and emits
 * the same Avro {@link Forecast} as the ForecastOperator, {@code windowClosedAt} included. Its state
 * has the ForecastOperator's TTL policy, so that the two differ in the model, not in state upkeep.
 */
final class PersistenceForecaster extends KeyedProcessFunction<String, WindowFeatures, Forecast> {
  private static final long serialVersionUID = 1L;

  private final int horizon;
  private final Duration stateTtl;
  private transient ValueState<Double> last;

  /**
   * @param horizon forecasts per window
   * @param stateTtl idle sensors' state expires after this long; zero = never
   */
  PersistenceForecaster(int horizon, Duration stateTtl) {
    this.horizon = horizon;
    this.stateTtl = stateTtl;
  }

  @Override
  public void open(OpenContext context) {
    ValueStateDescriptor<Double> descriptor = new ValueStateDescriptor<>("last-mean", Types.DOUBLE);
    if (!stateTtl.isZero()) {
      descriptor.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl)
          .updateTtlOnCreateAndWrite()
          .neverReturnExpired()
          .build());
    }
    last = getRuntimeContext().getState(descriptor);
  }

  @Override
  public void processElement(WindowFeatures window, Context context, Collector<Forecast> out) throws Exception {
    Double previous = last.value();
    last.update(window.mean);
    List<Double> forecasts = Collections.nCopies(horizon, window.mean);
    out.collect(Forecast.newBuilder()
        .setSensorId(window.sensorId)
        .setWindowStart(Instant.ofEpochMilli(window.windowStart))
        .setWindowEnd(Instant.ofEpochMilli(window.windowEnd))
        .setForecasts(forecasts)
        .setLower(forecasts)
        .setUpper(forecasts)
        .setActual(window.mean)
        .setResidual(previous == null ? null : window.mean - previous)
        .setAnomalyScore(null)
        .setAnomaly(false)
        .setModelVersion(0)
        .setMissedWindows(0)
        .setWindowClosedAt(Instant.ofEpochMilli(window.closedAt))
        .build());
  }
}
