package io.flowcast.flink.forecast;

import io.flowcast.flink.finetune.CheckpointRejectedException;
import io.flowcast.flink.finetune.CheckpointVerifier;
import io.flowcast.flink.window.SensorStateTtl;
import io.flowcast.flink.window.WindowFeatures;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.finetune.SampleCutter;
import io.flowcast.model.forecast.BundleStepper;
import io.flowcast.model.forecast.GapPolicy;
import io.flowcast.model.forecast.SensorForecaster;
import io.flowcast.model.forecast.SensorQueue;
import io.flowcast.model.forecast.SensorState;
import io.flowcast.model.forecast.SensorStateLayout;
import io.flowcast.model.forecast.StateShape;
import io.flowcast.model.forecast.WindowBatch;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.StepEngine;
import io.flowcast.model.step.StepEngines;
import io.flowcast.schemas.Forecast;
import io.flowcast.schemas.ModelCheckpoint;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
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
 * <p>Per-key state is one {@link SensorState} ({@link SensorStateSerializer}, state format 2: 20 +
 * 4n bytes with n = {@link io.flowcast.model.forecast.SensorStateLayout#size()}), with an optional
 * processing-time TTL refreshed on every write. Missed windows are handled by the {@link
 * GapPolicy}; a window at or before a sensor's last window is counted as stale and skipped.
 *
 * <p><b>State shapes.</b> Every sensor's state records the {@link StateShape} it was written with
 * (cell, layers, hidden size, horizon, head, window history, layout version). When a sensor is
 * loaded, a state of the served shape goes on; a state of a shape this job served before a hot swap
 * restarts the sensor; a state of any other shape (a restore from a savepoint of another model)
 * restarts it or fails the task naming both shapes, as {@link ForecastOperatorConfig#onShapeMismatch()}
 * says. Restarts are counted in {@code stateShapeResets}. The shapes served before (union operator
 * state {@code retired-shapes}) go into every snapshot, so a restore tells them apart as well. A
 * state of format 1 (written before shapes were recorded) has no shape: it is taken to be of the
 * shape served when it was first restored (operator state {@code legacy-shape}) if its float count
 * fits that shape, and is of an unknown shape otherwise.
 *
 * <p><b>Hot swap.</b> Used as a two-input operator, its second input is the broadcast stream of
 * {@link ModelCheckpoint} announcements. A version newer than the one served is verified ({@link
 * CheckpointVerifier}: SHA-256, a readable model, finite weights, a fit to the settings) and served
 * from the next bundle on (the bundle buffered so far is flushed with the old version first); an
 * older or equal version is ignored, and one that fails verification is rejected, counted and
 * logged while forecasting goes on with the previous version. A new version of the same shape keeps
 * every sensor's state; one of another shape restarts each sensor when it next arrives (counted in
 * {@code stateShapeResets}), even where the state has the same size, since each state names its
 * shape. The served announcement ({@link ServedModel}) is kept in union operator state, so a restore
 * serves, verified again, exactly that version. Watermarks come from the first input only.
 *
 * <p><b>Training samples.</b> With {@link ForecastOperatorConfig#samples()} set, every sensor's
 * state also keeps its recent steps, and after each window a {@link SampleCutter} may cut a
 * training sample, sent encoded ({@link io.flowcast.model.finetune.TrainingSample#encode()}) to the
 * side output {@link #TRAINING_SAMPLES}, at most {@code maxSamplesPerSecond} per operator.
 */
public final class ForecastOperator extends AbstractStreamOperator<Forecast>
    implements OneInputStreamOperator<WindowFeatures, Forecast>,
        TwoInputStreamOperator<WindowFeatures, ModelCheckpoint, Forecast>, ProcessingTimeCallback {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ForecastOperator.class);

  /** Encoded training samples for the fine-tuner. */
  public static final OutputTag<byte[]> TRAINING_SAMPLES =
      new OutputTag<>("training-samples", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

  /** Reads of an announced file before it is rejected as unreadable. */
  private static final int READ_ATTEMPTS = 5;

  private final ForecastOperatorConfig config;
  private final CheckpointVerifier verifier = new CheckpointVerifier();

  private transient SensorForecaster forecaster;
  private transient BundleStepper stepper;
  private transient StepEngine engine;
  private transient long servingVersion;
  /** The announcement served, null while serving the configured model. */
  private transient ServedModel served;
  private transient ListState<String> servedState;
  private transient SampleCutter cutter;
  private transient SampleBudget sampleBudget;
  private transient ValueState<SensorState> sensorState;
  /** Shapes served before the current one by this job: their states restart their sensors. */
  private transient Set<Long> retiredShapes;
  private transient ListState<Long> retiredShapesState;
  /** The shape that states without a recorded shape (format 1) were restored into; UNKNOWN until known. */
  private transient long legacyShape;
  private transient ListState<Long> legacyShapeState;
  private transient boolean shapeMismatchLogged;
  private transient List<BufferedWindow> bundle;
  private transient ForecastMetrics metrics;
  private transient boolean timerRegistered;
  /** The earliest close time of the windows emitted by the flush under way (0: none known). */
  private transient long earliestClosedAt;

  public ForecastOperator(ForecastOperatorConfig config) {
    this.config = config;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    servedState = context.getOperatorStateStore()
        .getUnionListState(new ListStateDescriptor<>("served-model", Types.STRING));
    for (String entry : servedState.get()) {
      ServedModel restored = ServedModel.decode(entry);
      if (served == null || restored.version() > served.version()) {
        served = restored;
      }
    }
    retiredShapesState = context.getOperatorStateStore()
        .getUnionListState(new ListStateDescriptor<>("retired-shapes", Types.LONG));
    retiredShapes = new LinkedHashSet<>();
    for (Long shape : retiredShapesState.get()) {
      retiredShapes.add(shape);
    }
    legacyShapeState = context.getOperatorStateStore()
        .getUnionListState(new ListStateDescriptor<>("legacy-shape", Types.LONG));
    legacyShape = StateShape.UNKNOWN;
    for (Long shape : legacyShapeState.get()) {
      legacyShape = shape; // every task restores the same one
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    engine = StepEngines.named(config.engine());
    OptionalInt gpu = GpuAssignment.deviceIndex(getRuntimeContext().getExternalResourceInfos(GpuAssignment.RESOURCE));
    if (gpu.isPresent()) {
      engine = engine.onDevice(gpu.getAsInt());
    }
    if (config.samples() != null) {
      cutter = new SampleCutter(config.samples(), config.settings().horizon(), config.settings().target());
      sampleBudget = new SampleBudget(
          config.maxSamplesPerSecond() / getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
    }
    bundle = new ArrayList<>(config.bundleSize());
    metrics = new ForecastMetrics(getMetricGroup());
    sensorState = getPartitionedState(stateDescriptor(config.stateTtl()));
    ModelParameters model = served != null ? restoredModel(served) : config.model().load(config.settings());
    serve(RecurrentNetwork.compile(model), served != null ? served.version() : config.model().version());
    if (legacyShape == StateShape.UNKNOWN) {
      legacyShape = forecaster.stateShape().code();
    }
    LOG.info("ForecastOperator: model {}, engine {}{}, {} floats ({} bytes) of state per sensor",
        served != null ? served.uri() + " (version " + served.version() + ", restored)" : config.model().describe(),
        engine.name(), gpu.isPresent() ? " on GPU " + gpu.getAsInt() : "",
        forecaster.layout().size(),
        SensorStateSerializer.serializedBytes(forecaster.layout().size()));
  }

  /** The version the restored state names, verified again. */
  private ModelParameters restoredModel(ServedModel restored) {
    try {
      return verifier.verify(restored.announcement(), config.settings());
    } catch (CheckpointRejectedException e) {
      throw new IllegalStateException("the restored state serves model version " + restored.version()
          + " from " + restored.uri() + ", which cannot be served any more (" + e.getMessage()
          + "); restore from a later checkpoint, or start the job afresh", e);
    }
  }

  /** Serves {@code network} as {@code version} from the next bundle on. */
  private void serve(RecurrentNetwork network, long version) {
    SensorForecaster next = new SensorForecaster(network, config.settings(), config.bundleSize(), engine,
        cutter == null ? 0 : cutter.historySteps());
    SensorForecaster previous = forecaster;
    if (previous != null && previous.stateShape().code() != next.stateShape().code()) {
      retiredShapes.add(previous.stateShape().code());
    }
    retiredShapes.remove(next.stateShape().code());
    forecaster = next;
    stepper = new BundleStepper(forecaster, config.gapPolicy(), config.maxGapWindows(), metrics);
    servingVersion = version;
    metrics.modelVersion(version);
    if (previous != null) {
      previous.close();
    }
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    servedState.update(served == null ? List.of() : List.of(served.encode()));
    retiredShapesState.update(new ArrayList<>(retiredShapes));
    legacyShapeState.update(List.of(legacyShape));
  }

  /** The keyed state holding each sensor's {@link SensorState}, expiring after {@code ttl} (zero: never). */
  static ValueStateDescriptor<SensorState> stateDescriptor(Duration ttl) {
    return SensorStateTtl.expiring(new ValueStateDescriptor<>("sensor-state", SensorStateSerializer.INSTANCE), ttl);
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
  public void processElement1(StreamRecord<WindowFeatures> element) throws Exception {
    processElement(element);
  }

  /** An announced checkpoint: served from the next bundle on if it is newer and verifies. */
  @Override
  public void processElement2(StreamRecord<ModelCheckpoint> element) throws Exception {
    ModelCheckpoint announcement = element.getValue();
    if (announcement.getVersion() <= servingVersion) {
      metrics.announcementIgnored();
      return;
    }
    flush();
    tryToServe(announcement, 1);
  }

  /**
   * Verifies and serves an announced version. A file that cannot be read (a file system that lags
   * or throttles) is tried again after 1, 2, 4 and 8 s before the version is rejected; a version
   * that the engine cannot run is rejected too. Meanwhile forecasting goes on with the served one.
   */
  private void tryToServe(ModelCheckpoint announcement, int attempt) throws Exception {
    if (announcement.getVersion() <= servingVersion) {
      return; // a newer version came meanwhile
    }
    try {
      RecurrentNetwork network = RecurrentNetwork.compile(verifier.verify(announcement, config.settings()));
      serve(network, announcement.getVersion());
      served = ServedModel.of(announcement);
      metrics.modelSwapped();
      LOG.info("now serving model version {} from {}", announcement.getVersion(), announcement.getUri());
    } catch (CheckpointRejectedException e) {
      if (e.reason() == CheckpointRejectedException.Reason.UNREADABLE && attempt < READ_ATTEMPTS) {
        long delay = 1000L << (attempt - 1);
        LOG.warn("{}; trying again in {} ms (attempt {} of {})", e.getMessage(), delay, attempt, READ_ATTEMPTS);
        getProcessingTimeService().registerTimer(getProcessingTimeService().getCurrentProcessingTime() + delay,
            time -> {
              flush();
              tryToServe(announcement, attempt + 1);
            });
        return;
      }
      reject(announcement, e.getMessage());
    } catch (RuntimeException e) { // e.g. an engine without a kernel for the cell, or out of device memory
      reject(announcement, "the engine cannot serve it: " + e);
    }
  }

  private void reject(ModelCheckpoint announcement, String why) {
    metrics.modelRejected();
    LOG.warn("model version {} from {} rejected: {}; forecasting goes on with version {}",
        announcement.getVersion(), announcement.getUri(), why, servingVersion);
  }

  /** Watermarks come from the readings only; the announcements carry none. */
  @Override
  public void processWatermark1(Watermark mark) throws Exception {
    processWatermark(mark);
  }

  @Override
  public void processWatermark2(Watermark mark) {}

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

  /**
   * Reads a sensor's state; a new sensor, or one whose state has another shape than the served
   * model's, starts afresh (or, restored from another model, fails the task if so configured).
   */
  private SensorState loadState(Object key) throws IOException {
    setCurrentKey(key);
    SensorState state = sensorState.value();
    if (state == null) {
      return forecaster.newSensor();
    }
    long serving = forecaster.stateShape().code();
    long written = state.shape();
    if (written == StateShape.UNKNOWN && fitsLegacyShape(state)) {
      // states without a recorded shape were all written before layout version 2
      written = StateShape.withLayoutVersion(legacyShape, 1);
    }
    long shape = written;
    if (StateShape.upgrades(written, state.values().length)) {
      shape = StateShape.withLayoutVersion(written, StateShape.LAYOUT_VERSION);
      state = new SensorState(state.lastWindowStart(), shape, StateShape.upgrade(written, state.values()));
    }
    if (shape == serving && forecaster.fits(state.values())) {
      state.setShape(serving);
      return state;
    }
    if (StateShape.layoutVersion(shape) == StateShape.LAYOUT_VERSION && onlyExtrasDiffer(shape)) {
      // fine-tuning, the online correction or the level novelty turned on or off, other sample
      // lengths or another level warm-up: the sensor goes on, its history (and a correction or
      // level novelty it did not have alike) restarts
      return forecaster.withFreshExtras(state, StateShape.decode(shape));
    }
    if (!retiredShapes.contains(shape) && !retiredShapes.contains(written)) {
      // not written by this job: restored from a savepoint of another model
      onForeignShape(key, state, shape);
    }
    metrics.stateShapeReset();
    return forecaster.newSensor();
  }

  private boolean onlyExtrasDiffer(long shape) {
    SensorStateLayout layout = forecaster.layout();
    return StateShape.decode(shape).withExtras(layout.historySteps(), layout.correction(), layout.levelNovelty())
        .equals(forecaster.stateShape());
  }

  private static boolean fitsShape(SensorState state, long shape) {
    try {
      return state.values().length == StateShape.floatsOf(shape);
    } catch (IllegalArgumentException notAShape) {
      return false;
    }
  }

  private boolean fitsLegacyShape(SensorState state) {
    return legacyShape != StateShape.UNKNOWN && fitsShape(state, StateShape.withLayoutVersion(legacyShape, 1));
  }

  private void onForeignShape(Object key, SensorState state, long shape) {
    String stored = StateShape.describe(shape, state.values().length);
    String message = "sensor '" + key + "': its restored state was written by a model of " + stored
        + ", but the served model (version " + servingVersion + ") is " + forecaster.stateShape()
        + " (" + forecaster.layout().size() + " floats)";
    if (config.onShapeMismatch() == ShapeMismatchPolicy.FAIL) {
      throw new IllegalStateException(message + "; state.on-shape-mismatch is fail: restore into the model"
          + " the state was written with, or set state.on-shape-mismatch: reset to restart such sensors");
    }
    if (!shapeMismatchLogged) {
      shapeMismatchLogged = true;
      LOG.warn("{}; such sensors start afresh (state.on-shape-mismatch: reset, counted in stateShapeResets;"
          + " logged once)", message);
    }
  }

  private void emit(BufferedWindow window, WindowBatch batch, int row, int missedWindows) {
    boolean anomaly = forecaster.isAnomaly(batch.score(row));
    Forecast forecast = ForecastRecords.of(window.features(), batch, row, anomaly,
        servingVersion, missedWindows);
    metrics.forecast(anomaly);
    if (window.features().closedAt != 0) {
      earliestClosedAt = Math.min(earliestClosedAt, window.features().closedAt);
    }
    StreamRecord<WindowFeatures> record = window.record();
    output.collect(record.hasTimestamp()
        ? new StreamRecord<>(forecast, record.getTimestamp())
        : new StreamRecord<>(forecast));
    if (cutter != null) {
      cutSample(window, batch.sensorState(row));
    }
  }

  /**
   * Cuts and sends a training sample if the sensor has one due and the budget admits it; a sample
   * not admitted stays due, so the sensor gets its next chance at its next window.
   */
  private void cutSample(BufferedWindow window, float[] state) {
    if (!cutter.isDue(state, forecaster.history())) {
      return;
    }
    String sensorId = window.features().sensorId;
    long now = getProcessingTimeService().getCurrentProcessingTime();
    if (!sampleBudget.tryTake(now, SampleBudget.uniform(sensorId, window.start()))) {
      metrics.trainingSample(false);
      return;
    }
    cutter.cut(sensorId, window.start(), state, forecaster.history()).sample().ifPresent(sample -> {
      byte[] encoded;
      try {
        encoded = sample.encode();
      } catch (RuntimeException e) { // e.g. a sensor id longer than the binary form holds
        metrics.trainingSample(false);
        return;
      }
      output.collect(TRAINING_SAMPLES, new StreamRecord<>(encoded));
      metrics.trainingSample(true);
    });
  }

}
