package io.flowcast.flink.finetune;

import io.flowcast.flink.forecast.ModelSource;
import io.flowcast.model.finetune.Decision;
import io.flowcast.model.finetune.FineTuneSettings;
import io.flowcast.model.finetune.FineTuner;
import io.flowcast.model.finetune.Round;
import io.flowcast.model.finetune.RoundResult;
import io.flowcast.model.finetune.TrainingSample;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.schemas.ModelCheckpoint;
import io.flowcast.model.ModelParameters;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's fine-tuner, one task for the whole job: takes the forecasting tasks' encoded {@link
 * TrainingSample}s (first input) into a {@link FineTuner}, runs its rounds on a background thread
 * so that taking samples (and checkpoint barriers) never waits for training, and for every accepted
 * candidate writes a checkpoint file ({@link CheckpointStore}) and emits its {@link
 * ModelCheckpoint} announcement. The announcements go to an exactly-once Kafka sink, so they become
 * visible only when the Flink checkpoint that holds the fine-tuner's state with that version is
 * complete: a restore can never forget or reissue an announced version. A version that was
 * written but not announced before a failure stays unannounced; the restored fine-tuner numbers
 * its next version above it.
 *
 * <p>Its whole state (serving weights, optimiser moments, replay buffer, version counter, counters)
 * is one {@link FineTuner#snapshot()} in operator state, taken between rounds' decisions; a round in
 * flight at a checkpoint is not in it and runs again after a restore. The second input is the
 * announcements topic itself: a version newer than its own (published by hand with {@code flowcast
 * model publish}, or by an earlier run) is verified and adopted, so fine-tuning continues from what
 * the forecasting tasks serve and versions keep increasing. A new version is numbered above the
 * highest file in the checkpoint directory too ({@link CheckpointStore#highestVersion()}), so it
 * never takes a number a hand-published or a failed attempt's file holds; retention runs when a
 * checkpoint completes, over the versions it holds ({@link CheckpointStore#retainUpTo}). At the end
 * of the input, and when the task closes, a round in flight is abandoned (it is interrupted between
 * batches); a round that throws is logged and counted as rejected.
 *
 * <p>Metrics: counters {@code trainingSamples}, {@code malformedTrainingSamples}, {@code
 * roundsAccepted}, {@code roundsRejected}, {@code adoptedVersions}; gauges {@code modelVersion},
 * {@code lastValidationLoss}, {@code lastTrainLoss}, {@code roundInFlight} (1 while a round trains).
 */
public final class FineTuneOperator extends AbstractStreamOperator<ModelCheckpoint>
    implements TwoInputStreamOperator<byte[], ModelCheckpoint, ModelCheckpoint>, ProcessingTimeCallback {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(FineTuneOperator.class);
  private static final long CHECK_EVERY_MILLIS = 1000;

  /**
   * What the fine-tuner needs, shipped with the job graph.
   *
   * @param settings the trainer and its rounds
   * @param forecast the forecast settings (announcements are verified against them)
   * @param initialModel the model to start from when there is no state
   * @param store where checkpoints are written
   */
  public record Config(FineTuneSettings settings, ForecastSettings forecast, ModelSource initialModel,
      CheckpointStore store) implements Serializable {}

  private final Config config;
  private final CheckpointVerifier verifier = new CheckpointVerifier();

  private transient FineTuner tuner;
  private transient ListState<byte[]> tunerState;
  private transient ExecutorService trainer;
  private transient MailboxExecutor mailbox;
  private transient volatile Future<?> roundInFlight;
  private transient Counter samples;
  private transient Counter malformed;
  private transient Counter accepted;
  private transient Counter rejected;
  private transient Counter adopted;
  private transient volatile double lastValidationLoss = Double.NaN;
  private transient volatile double lastTrainLoss = Double.NaN;
  private transient volatile long servingVersion;
  /** The fine-tuner's version at each checkpoint not yet complete, by checkpoint id. */
  private transient NavigableMap<Long, Long> versionAtCheckpoint;
  private transient boolean finished;

  public FineTuneOperator(Config config) {
    this.config = config;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    tunerState = context.getOperatorStateStore()
        .getListState(new ListStateDescriptor<>("fine-tuner", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    for (byte[] snapshot : tunerState.get()) {
      tuner = FineTuner.restore(config.settings(), snapshot);
      LOG.info("fine-tuner restored at version {} with {} samples seen", tuner.version(), tuner.samplesSeen());
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    if (tuner == null) {
      ModelParameters initial = config.initialModel().load(config.forecast());
      config.settings().requireHeadFits(initial.config(), config.forecast().horizon());
      tuner = new FineTuner(config.settings(), initial, config.initialModel().version());
    }
    servingVersion = tuner.version();
    versionAtCheckpoint = new TreeMap<>();
    mailbox = getContainingTask().getMailboxExecutorFactory().createExecutor(getOperatorConfig().getChainIndex());
    trainer = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "flowcast-fine-tuner");
      thread.setDaemon(true);
      return thread;
    });
    samples = getMetricGroup().counter("trainingSamples");
    malformed = getMetricGroup().counter("malformedTrainingSamples");
    accepted = getMetricGroup().counter("roundsAccepted");
    rejected = getMetricGroup().counter("roundsRejected");
    adopted = getMetricGroup().counter("adoptedVersions");
    getMetricGroup().gauge("modelVersion", () -> servingVersion);
    getMetricGroup().gauge("lastValidationLoss", () -> lastValidationLoss);
    getMetricGroup().gauge("lastTrainLoss", () -> lastTrainLoss);
    getMetricGroup().gauge("roundInFlight", () -> roundInFlight == null ? 0 : 1);
    scheduleCheck();
  }

  @Override
  public void processElement1(StreamRecord<byte[]> element) {
    TrainingSample sample;
    try {
      sample = TrainingSample.decode(element.getValue());
    } catch (IllegalArgumentException e) {
      malformed.inc();
      LOG.warn("skipped a training sample that does not decode: {}", e.getMessage());
      return;
    }
    try {
      tuner.add(sample);
    } catch (IllegalArgumentException e) {
      malformed.inc();
      LOG.warn("skipped a training sample the model cannot learn from: {}", e.getMessage());
      return;
    }
    samples.inc();
    maybeStartRound();
  }

  /** A version newer than the fine-tuner's own, verified, becomes its base. */
  @Override
  public void processElement2(StreamRecord<ModelCheckpoint> element) {
    ModelCheckpoint announcement = element.getValue();
    if (announcement.getVersion() <= tuner.version()) {
      return;
    }
    try {
      tuner.adopt(verifier.verify(announcement, config.forecast()), announcement.getVersion());
      servingVersion = tuner.version();
      adopted.inc();
      LOG.info("fine-tuning continues from version {} ({})", announcement.getVersion(), announcement.getUri());
    } catch (CheckpointRejectedException | IllegalArgumentException e) {
      LOG.warn("did not adopt announced version {}: {}", announcement.getVersion(), e.getMessage());
    }
  }

  @Override
  public void processWatermark1(Watermark mark) {}

  @Override
  public void processWatermark2(Watermark mark) {}

  @Override
  public void onProcessingTime(long time) {
    maybeStartRound();
    scheduleCheck();
  }

  private void scheduleCheck() {
    long now = getProcessingTimeService().getCurrentProcessingTime();
    getProcessingTimeService().registerTimer(now + CHECK_EVERY_MILLIS, this);
  }

  private void maybeStartRound() {
    long now = getProcessingTimeService().getCurrentProcessingTime();
    if (finished || roundInFlight != null || !tuner.roundDue(now)) {
      return;
    }
    Round round = tuner.startRound(now);
    roundInFlight = trainer.submit(() -> {
      RoundResult result;
      try {
        result = round.run();
      } catch (CancellationException e) {
        return; // closing: the round is abandoned
      } catch (RuntimeException | Error e) {
        mailbox.execute(() -> roundFailed(round, e), "fine-tuning round %d failed", round.number());
        return;
      }
      mailbox.execute(() -> finishRound(result), "finish fine-tuning round %d", round.number());
    });
  }

  /** A bug rather than a bad round (those are results): logged and counted, the next round may run. */
  private void roundFailed(Round round, Throwable failure) {
    roundInFlight = null;
    rejected.inc();
    LOG.error("fine-tuning round {} failed; version {} keeps serving", round.number(), tuner.version(), failure);
  }

  private void finishRound(RoundResult result) throws Exception {
    roundInFlight = null;
    if (finished) {
      return;
    }
    long now = getProcessingTimeService().getCurrentProcessingTime();
    Decision decision = tuner.finish(result, now, config.store().highestVersion());
    lastTrainLoss = decision.trainLoss();
    lastValidationLoss = decision.validationLoss();
    if (!decision.accepted()) {
      rejected.inc();
      LOG.warn("fine-tuning round {} rejected ({}): {}; version {} keeps serving",
          result.round(), decision.outcome(), decision.detail(), decision.version());
      return;
    }
    servingVersion = decision.version();
    PublishedCheckpoint published = config.store().publish(decision.candidate(), new CheckpointInfo(
        decision.version(), decision.parentVersion(), now, decision.samplesSeen(), decision.trainLoss(),
        decision.validationLoss(), config.settings().configHash()));
    accepted.inc();
    LOG.info("fine-tuning round {} accepted as version {} (validation loss {} against {}): {}",
        result.round(), decision.version(), decision.validationLoss(), decision.servingValidationLoss(),
        published.uri());
    output.collect(new StreamRecord<>(ModelCheckpoints.announcement(published)));
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    tunerState.update(List.of(tuner.snapshot()));
    versionAtCheckpoint.put(context.getCheckpointId(), tuner.version());
  }

  /**
   * The versions this checkpoint holds are announced for good now (their transaction commits with
   * it): retention may drop files older than the newest {@code finetune.retain} of them.
   */
  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    super.notifyCheckpointComplete(checkpointId);
    Map.Entry<Long, Long> completed = versionAtCheckpoint.floorEntry(checkpointId);
    if (completed != null) {
      versionAtCheckpoint.headMap(checkpointId, true).clear();
      try {
        config.store().retainUpTo(completed.getValue());
      } catch (IOException e) {
        LOG.warn("could not apply retention in {}: {}", config.store().directory(), e.toString());
      }
    }
  }

  /**
   * No more samples: a round in flight is abandoned (it would run again after a restore), so that
   * stopping the job does not wait for a round.
   */
  @Override
  public void finish() throws Exception {
    finished = true;
    if (roundInFlight != null) {
      roundInFlight.cancel(true);
    }
    super.finish();
  }

  @Override
  public void close() throws Exception {
    if (trainer != null) {
      trainer.shutdownNow();
      if (!trainer.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("the fine-tuning thread did not stop within 30 s");
      }
    }
    super.close();
  }
}
