package io.flowcast.flink.forecast;

import io.flowcast.flink.window.WindowFeatures;
import io.flowcast.model.forecast.BundleStepper;
import io.flowcast.model.forecast.GapPolicy;
import io.flowcast.model.forecast.SensorForecaster;
import io.flowcast.model.forecast.SensorQueue;
import io.flowcast.model.forecast.SensorState;
import io.flowcast.model.forecast.WindowBatch;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.StepEngine;
import io.flowcast.model.step.StepEngines;
import io.flowcast.schemas.Forecast;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by sensor id: advances each sensor's recurrent state by one step per closed window, with
 * many sensors batched into one model call, and emits a {@link Forecast} per window.
 *
 * <p>Bundling follows Flink's table-runtime bundle operators: {@link #processElement} only buffers;
 * the bundle is flushed when it holds {@code bundleSize} windows, when {@code bundleInterval} of
 * processing time has passed since its first window, before a watermark is forwarded (so no
 * forecast is ever behind the watermark), before a checkpoint barrier (so the buffer never needs
 * to be in a snapshot) and in {@link #finish()}. During a flush each sensor's state is read and
 * written once through {@link #setCurrentKey}; model-core's {@link BundleStepper} steps the
 * bundle (a sensor with several windows in one bundle is stepped through them in order, one per
 * round), the same code as the offline {@link io.flowcast.model.forecast.SensorReplay}. With the
 * JAVA engine a sensor's forecasts do not depend on the bundle size or on the other sensors in the
 * bundle, bit for bit.
 *
 * <p>Per-key state is one {@link SensorState} ({@link SensorStateSerializer}: 12 + 4n bytes with
 * n = {@link io.flowcast.model.forecast.SensorStateLayout#size()}), with an optional processing-time
 * TTL refreshed on every write. Missed windows are handled by the {@link GapPolicy}; a window at or
 * before a sensor's last window is counted as stale and skipped. A sensor whose restored state does
 * not fit the current model (a savepoint taken with another model shape) starts afresh, counted as
 * a state reset.
 */
public final class ForecastOperator extends AbstractStreamOperator<Forecast>
    implements OneInputStreamOperator<WindowFeatures, Forecast>, ProcessingTimeCallback {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ForecastOperator.class);

  private final ForecastOperatorConfig config;

  private transient SensorForecaster forecaster;
  private transient BundleStepper stepper;
  private transient ValueState<SensorState> sensorState;
  private transient List<BufferedWindow> bundle;
  private transient ForecastMetrics metrics;
  private transient boolean timerRegistered;
  /** The earliest close time of the windows emitted by the flush under way (0: none known). */
  private transient long earliestClosedAt;

  public ForecastOperator(ForecastOperatorConfig config) {
    this.config = config;
  }

  @Override
  public void open() throws Exception {
    super.open();
    RecurrentNetwork network = RecurrentNetwork.compile(config.model().load(config.settings()));
    StepEngine engine = StepEngines.named(config.engine());
    OptionalInt gpu = GpuAssignment.deviceIndex(getRuntimeContext().getExternalResourceInfos(GpuAssignment.RESOURCE));
    if (gpu.isPresent()) {
      engine = engine.onDevice(gpu.getAsInt());
    }
    forecaster = new SensorForecaster(network, config.settings(), config.bundleSize(), engine);
    bundle = new ArrayList<>(config.bundleSize());
    metrics = new ForecastMetrics(getMetricGroup());
    metrics.modelVersion(config.model().version());
    stepper = new BundleStepper(forecaster, config.gapPolicy(), config.maxGapWindows(), metrics);
    sensorState = getPartitionedState(stateDescriptor());
    LOG.info("ForecastOperator: model {}, engine {}{}, {} floats ({} bytes) of state per sensor",
        config.model().describe(), engine.name(), gpu.isPresent() ? " on GPU " + gpu.getAsInt() : "",
        forecaster.layout().size(),
        SensorStateSerializer.serializedBytes(forecaster.layout().size()));
  }

  private ValueStateDescriptor<SensorState> stateDescriptor() {
    ValueStateDescriptor<SensorState> descriptor =
        new ValueStateDescriptor<>("sensor-state", SensorStateSerializer.INSTANCE);
    if (!config.stateTtl().isZero()) {
      descriptor.enableTimeToLive(StateTtlConfig.newBuilder(config.stateTtl())
          .updateTtlOnCreateAndWrite()
          .neverReturnExpired()
          .build());
    }
    return descriptor;
  }

  @Override
  public void processElement(StreamRecord<WindowFeatures> element) throws Exception {
    bundle.add(new BufferedWindow(element));
    if (bundle.size() >= config.bundleSize()) {
      flush();
    } else if (bundle.size() == 1 && !config.bundleInterval().isZero() && !timerRegistered) {
      long now = getProcessingTimeService().getCurrentProcessingTime();
      getProcessingTimeService().registerTimer(now + config.bundleInterval().toMillis(), this);
      timerRegistered = true;
    }
  }

  @Override
  public void onProcessingTime(long time) throws Exception {
    timerRegistered = false;
    flush();
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    flush();
    super.processWatermark(mark);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    flush();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }

  /** Frees the model step's engine resources (device memory with a GPU engine). */
  @Override
  public void close() throws Exception {
    if (forecaster != null) {
      forecaster.close();
    }
    super.close();
  }

  /** Steps every buffered window through the model and emits the forecasts. */
  private void flush() throws Exception {
    if (bundle.isEmpty()) {
      return;
    }
    metrics.bundle(bundle.size());
    List<SensorQueue<BufferedWindow>> sensors =
        stepper.group(bundle, window -> window.features().sensorId, this::loadState);
    bundle.clear();
    earliestClosedAt = Long.MAX_VALUE;
    stepper.step(sensors, this::emit);
    if (earliestClosedAt != Long.MAX_VALUE) {
      // every forecast of the bundle has been emitted by now: the longest close-to-emission time
      metrics.forecastLatency(getProcessingTimeService().getCurrentProcessingTime() - earliestClosedAt);
    }
    for (SensorQueue<BufferedWindow> queue : sensors) {
      setCurrentKey(queue.key());
      sensorState.update(queue.state());
    }
  }

  /** Reads a sensor's state; a new sensor, or one restored with another model shape, starts afresh. */
  private SensorState loadState(Object key) throws IOException {
    setCurrentKey(key);
    SensorState state = sensorState.value();
    if (state == null) {
      return forecaster.newSensor();
    }
    if (state.values().length != forecaster.layout().size()) {
      // restored from a savepoint of another model shape: start the sensor afresh
      metrics.stateReset();
      return forecaster.newSensor();
    }
    return state;
  }

  private void emit(BufferedWindow window, WindowBatch batch, int row, int missedWindows) {
    boolean anomaly = forecaster.isAnomaly(batch.score(row));
    Forecast forecast = ForecastRecords.of(window.features(), batch, row, anomaly,
        config.model().version(), missedWindows);
    metrics.forecast(anomaly);
    if (window.features().closedAt != 0) {
      earliestClosedAt = Math.min(earliestClosedAt, window.features().closedAt);
    }
    StreamRecord<WindowFeatures> record = window.record();
    output.collect(record.hasTimestamp()
        ? new StreamRecord<>(forecast, record.getTimestamp())
        : new StreamRecord<>(forecast));
  }
}
