package io.flowcast.flink.job;

import io.flowcast.flink.forecast.ShapeMismatchPolicy;
import io.flowcast.flink.ingest.DuplicateReadingFilter;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.ForecastTarget;
import io.flowcast.model.forecast.GapPolicy;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Every setting of the Flowcast job, as Flink {@link ConfigOption}s. Set them in the Flink
 * configuration or on the command line ({@code --key value}, see {@link CommandLineConfiguration});
 * durations take Flink's syntax ({@code 5 s}, {@code 500ms}, {@code 1 min}). Only public static
 * final {@code ConfigOption} fields belong here: {@link CommandLineConfiguration} finds the known
 * keys by reflection.
 */
public final class ForecastOptions {

  // ---- Kafka ---------------------------------------------------------------------------------

  /** Kafka brokers of all topics the job reads and writes. */
  public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS =
      ConfigOptions.key("kafka.bootstrap-servers")
          .stringType()
          .defaultValue("localhost:9092")
          .withDescription("Kafka bootstrap servers (host:port, comma-separated) for every topic of the job.");

  /** Consumer group of the readings source. */
  public static final ConfigOption<String> KAFKA_GROUP_ID =
      ConfigOptions.key("kafka.group-id")
          .stringType()
          .defaultValue("flowcast")
          .withDescription("Kafka consumer group id of the readings source; offsets are committed on checkpoints.");

  /** Topic of the input readings. */
  public static final ConfigOption<String> READINGS_TOPIC =
      ConfigOptions.key("kafka.topic.readings")
          .stringType()
          .defaultValue("readings")
          .withDescription("Topic of the input SensorReading records (plain Avro binary values).");

  /** Topic of the forecasts. */
  public static final ConfigOption<String> FORECASTS_TOPIC =
      ConfigOptions.key("kafka.topic.forecasts")
          .stringType()
          .defaultValue("forecasts")
          .withDescription("Topic the Forecast records are written to (plain Avro binary values).");

  /** Topic of the anomalies. */
  public static final ConfigOption<String> ANOMALIES_TOPIC =
      ConfigOptions.key("kafka.topic.anomalies")
          .stringType()
          .defaultValue("anomalies")
          .withDescription("Topic the forecasts flagged as anomalies are written to.");

  /** Topic of the dead letters. */
  public static final ConfigOption<String> DEAD_LETTERS_TOPIC =
      ConfigOptions.key("kafka.topic.dead-letters")
          .stringType()
          .defaultValue("dead-letters")
          .withDescription("Topic of the DeadLetter records: input the job could not use, with the reason and "
              + "where it came from.");

  // ---- Source and watermarks -----------------------------------------------------------------

  /** Where the readings source starts. */
  public static final ConfigOption<StartingOffsets> SOURCE_STARTING_OFFSETS =
      ConfigOptions.key("source.starting-offsets")
          .enumType(StartingOffsets.class)
          .defaultValue(StartingOffsets.COMMITTED)
          .withDescription("Where the readings source starts in each partition: earliest, latest, or committed "
              + "(the consumer group's offsets, earliest where the group has none). A restore from a "
              + "checkpoint or savepoint always resumes at the checkpointed offsets.");

  /** How far event times may go back behind the newest one seen. */
  public static final ConfigOption<Duration> WATERMARK_OUT_OF_ORDERNESS =
      ConfigOptions.key("watermark.out-of-orderness")
          .durationType()
          .defaultValue(Duration.ofSeconds(5))
          .withDescription("Bound on out-of-order event times per Kafka partition: the watermark trails the "
              + "newest event time by this much.");

  /** After how long without records a partition stops holding the watermark back. */
  public static final ConfigOption<Duration> WATERMARK_IDLENESS =
      ConfigOptions.key("watermark.idleness")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription("A Kafka partition without records for this long is marked idle, so that it does not "
              + "hold the watermark back; 0 turns idleness detection off.");

  /** Whether a second reading of a sensor at the same event time becomes a DUPLICATE dead letter. */
  public static final ConfigOption<Boolean> INGEST_DROP_DUPLICATES =
      ConfigOptions.key("ingest.drop-duplicates")
          .booleanType()
          .defaultValue(true)
          .withDescription("A reading of a sensor at an event time one of its accepted readings within the window "
              + "size plus the allowed lateness behind the watermark has (its latest " + DuplicateReadingFilter.MAX_KEPT
              + " at most) becomes a DUPLICATE dead letter (the first one is kept) instead of counting twice in its "
              + "window. It costs a keyed-state read and write per reading and 8 bytes per event time kept; false "
              + "only if the producers cannot send a reading twice (idempotent producers, no re-sent batches).");

  /** How far ahead of processing time a reading's event time may be. */
  public static final ConfigOption<Duration> INGEST_MAX_FUTURE_SKEW =
      ConfigOptions.key("ingest.max-future-skew")
          .durationType()
          .defaultValue(Duration.ofMinutes(5))
          .withDescription("A reading whose event time is more than this ahead of the decoding task's clock becomes "
              + "a FUTURE_EVENT_TIME dead letter: accepted, it would push its partition's watermark into the "
              + "future and make the next readings of every sensor on that partition late. Tolerates minutes "
              + "of device clock drift; keep it well under the brokers' log.message.timestamp.after.max.ms "
              + "(1 h by default) when sink.timestamp is event-time.");

  // ---- Windows -------------------------------------------------------------------------------

  /** Size of the tumbling event-time windows. */
  public static final ConfigOption<Duration> WINDOW_SIZE =
      ConfigOptions.key("window.size")
          .durationType()
          .defaultValue(Duration.ofMinutes(1))
          .withDescription("Size of the tumbling event-time windows that aggregate each sensor's readings.");

  /** How long after its end a window still accepts readings. */
  public static final ConfigOption<Duration> WINDOW_ALLOWED_LATENESS =
      ConfigOptions.key("window.allowed-lateness")
          .durationType()
          .defaultValue(Duration.ZERO)
          .withDescription("How long after the watermark passes a window's end the window still accepts readings "
              + "(each one re-emits its features); readings later than that go to the dead letters as LATE.");

  // ---- Sinks ---------------------------------------------------------------------------------

  /** Delivery guarantee of the Kafka sinks. */
  public static final ConfigOption<DeliveryGuarantee> SINK_DELIVERY_GUARANTEE =
      ConfigOptions.key("sink.delivery-guarantee")
          .enumType(DeliveryGuarantee.class)
          .defaultValue(DeliveryGuarantee.EXACTLY_ONCE)
          .withDescription("Delivery guarantee of the Kafka sinks: exactly-once (Kafka transactions committed on "
              + "checkpoints, so checkpointing must be on and consumers should read with isolation.level="
              + "read_committed), at-least-once (flushed on checkpoints, duplicates possible after a failure) "
              + "or none.");

  /** Prefix of the Kafka transactional ids of exactly-once sinks. */
  public static final ConfigOption<String> SINK_TRANSACTIONAL_ID_PREFIX =
      ConfigOptions.key("sink.transactional-id-prefix")
          .stringType()
          .defaultValue("flowcast")
          .withDescription("Prefix of the Kafka transactional ids of exactly-once sinks; each sink appends its "
              + "topic. Must be unique among all jobs writing to the same Kafka cluster.");

  /** Kafka transaction timeout of exactly-once sinks. */
  public static final ConfigOption<Duration> SINK_TRANSACTION_TIMEOUT =
      ConfigOptions.key("sink.transaction-timeout")
          .durationType()
          .defaultValue(Duration.ofMinutes(15))
          .withDescription("Kafka transaction timeout of exactly-once sinks: longer than the checkpoint interval "
              + "plus the expected recovery time, and at most the brokers' transaction.max.timeout.ms "
              + "(15 min by default).");

  /** Kafka timestamp of the records the job writes. */
  public static final ConfigOption<SinkTimestamp> SINK_TIMESTAMP =
      ConfigOptions.key("sink.timestamp")
          .enumType(SinkTimestamp.class)
          .defaultValue(SinkTimestamp.PROCESSING_TIME)
          .withDescription("Kafka timestamp of every record the job writes (forecasts, anomalies, dead letters, "
              + "model checkpoint announcements): processing-time (the wall clock at the write, so time-based "
              + "retention counts from the write) or event-time (the window end, capped at the wall clock so no "
              + "broker refuses it as too far in the future; forecasts of replayed history older than a topic's "
              + "retention.ms are then deleted right after they are written).");

  // ---- Model ---------------------------------------------------------------------------------

  /** Weights file of the shared model; empty for a freshly initialised one. */
  public static final ConfigOption<String> MODEL_PATH =
      ConfigOptions.key("model.path")
          .stringType()
          .defaultValue("")
          .withDescription("Safetensors weights of the shared model at any Flink FileSystem URI (a local path, "
              + "file://, s3://, hdfs://, ...), read by every task. Its input size must be 3 and its head must "
              + "have forecast.horizon outputs. Empty: a fresh model of model.cell / model.hidden-size / "
              + "model.layers, initialised like PyTorch's default from model.seed.");

  /** State_dict prefix of the recurrent block in the model file. */
  public static final ConfigOption<String> MODEL_RNN_PREFIX =
      ConfigOptions.key("model.rnn-prefix")
          .stringType()
          .noDefaultValue()
          .withDescription("State_dict prefix of the recurrent block in model.path, e.g. encoder. for "
              + "encoder.weight_ih_l0 (empty string: no prefix). Unset: the one prefix holding weight_ih_l0; a file "
              + "with two recurrent blocks must name one.");

  /** State_dict prefix of the linear head in the model file. */
  public static final ConfigOption<String> MODEL_HEAD_PREFIX =
      ConfigOptions.key("model.head-prefix")
          .stringType()
          .noDefaultValue()
          .withDescription("State_dict prefix of the linear head in model.path, e.g. fc. for fc.weight / fc.bias. "
              + "Unset: the one head found (out., fc., head., linear., or a Linear of the hidden size); a file "
              + "with two candidate heads must name one.");

  /** Nonlinearity of a plain PyTorch nn.RNN model file. */
  public static final ConfigOption<String> MODEL_NONLINEARITY =
      ConfigOptions.key("model.nonlinearity")
          .stringType()
          .noDefaultValue()
          .withDescription("tanh or relu: the nonlinearity of a PyTorch nn.RNN file at model.path that does not "
              + "record it (its shapes cannot tell; Flowcast files and files with a \"nonlinearity\" metadata "
              + "entry do). Unset: such a file is refused.");

  /** Version stamped on every forecast. */
  public static final ConfigOption<Long> MODEL_VERSION =
      ConfigOptions.key("model.version")
          .longType()
          .defaultValue(0L)
          .withDescription("Model version written into every forecast's modelVersion.");

  /** Cell of a fresh model. */
  public static final ConfigOption<String> MODEL_CELL =
      ConfigOptions.key("model.cell")
          .stringType()
          .defaultValue("lstm")
          .withDescription("Cell of a fresh model (when model.path is empty): rnn, rnn-relu, lstm, lstm-peephole or gru.");

  /** Hidden units per layer of a fresh model. */
  public static final ConfigOption<Integer> MODEL_HIDDEN_SIZE =
      ConfigOptions.key("model.hidden-size")
          .intType()
          .defaultValue(32)
          .withDescription("Hidden units per layer of a fresh model.");

  /** Layers of a fresh model. */
  public static final ConfigOption<Integer> MODEL_LAYERS =
      ConfigOptions.key("model.layers")
          .intType()
          .defaultValue(1)
          .withDescription("Layers of a fresh model.");

  /** Initialisation seed of a fresh model. */
  public static final ConfigOption<Long> MODEL_SEED =
      ConfigOptions.key("model.seed")
          .longType()
          .defaultValue(42L)
          .withDescription("Initialisation seed of a fresh model; every task uses it, so all hold the same model.");

  /** Engine of the batched model step. */
  public static final ConfigOption<String> MODEL_ENGINE =
      ConfigOptions.key("model.engine")
          .stringType()
          .defaultValue("java")
          .withDescription("Engine of the batched model step: java (built in, vectorised Java; a sensor's "
              + "forecasts are bit-identical whatever the bundle), auto (java with the Vector API, else nd4j "
              + "from 32 windows per bundle when it is on the classpath), nd4j (one OpenBLAS gemm per layer; "
              + "only in a job JAR built with -Pnd4j) or cuda (the step on the GPU Flink's gpu external "
              + "resource assigns; only in a job JAR built with -Pcuda; rnn, lstm, lstm-peephole and gru, not rnn-relu yet). An engine that is not in the job JAR "
              + "fails the job at start, naming the module it comes in.");

  // ---- Forecasting ---------------------------------------------------------------------------

  /** Windows ahead each forecast covers. */
  public static final ConfigOption<Integer> FORECAST_HORIZON =
      ConfigOptions.key("forecast.horizon")
          .intType()
          .defaultValue(3)
          .withDescription("Windows ahead each forecast covers (the model's head outputs).");

  /** Period of the seasonal phase fed to the model. */
  public static final ConfigOption<Duration> FORECAST_SEASON_PERIOD =
      ConfigOptions.key("forecast.season-period")
          .durationType()
          .defaultValue(Duration.ofDays(1))
          .withDescription("Period of the seasonal phase (sin, cos) the model sees with each window.");

  /** Forgetting weight of each sensor's running mean and scale. */
  public static final ConfigOption<Double> FORECAST_NORMALIZATION_ALPHA =
      ConfigOptions.key("forecast.normalization-alpha")
          .doubleType()
          .defaultValue(0.01)
          .withDescription("Weight of each new window in a sensor's running mean and variance, which put every "
              + "sensor on the model's scale (an exact running mean for the first 1/alpha windows).");

  /** Forgetting weight of each sensor's residual statistics. */
  public static final ConfigOption<Double> FORECAST_RESIDUAL_ALPHA =
      ConfigOptions.key("forecast.residual-alpha")
          .doubleType()
          .defaultValue(0.02)
          .withDescription("Weight of each new residual in a sensor's residual mean square (intervals, scores).");

  /** Residuals a sensor needs before it is scored. */
  public static final ConfigOption<Integer> FORECAST_WARM_UP_WINDOWS =
      ConfigOptions.key("forecast.warm-up-windows")
          .intType()
          .defaultValue(30)
          .withDescription("Residuals a sensor must have before its windows get an anomaly score.");

  /** Half-width of the one-step prediction interval in residual root mean squares. */
  public static final ConfigOption<Double> FORECAST_INTERVAL_Z =
      ConfigOptions.key("forecast.interval-z")
          .doubleType()
          .defaultValue(1.96)
          .withDescription("Half-width of the one-step prediction interval in calibrated residual standard"
              + " deviations; sets its nominal coverage (1.96: 95%), which each sensor's online calibration keeps."
              + " k windows ahead it is sqrt(k) times wider.");

  /** Floor of a sensor's scale relative to its mean. */
  public static final ConfigOption<Double> FORECAST_MIN_SCALE =
      ConfigOptions.key("forecast.min-scale")
          .doubleType()
          .defaultValue(1e-3)
          .withDescription("Floor of a sensor's scale, relative to max(1, |mean|), so a constant sensor still normalises.");

  /** What the model's head outputs; the model must have been trained for it (train --target). */
  public static final ConfigOption<ForecastTarget> FORECAST_TARGET =
      ConfigOptions.key("forecast.target")
          .enumType(ForecastTarget.class)
          .defaultValue(ForecastTarget.LEVEL)
          .withDescription("What the model's head outputs: LEVEL (the normalised value ahead) or CHANGE (its"
              + " change from the window just seen; a zero output is persistence). Must be what the model was"
              + " trained for (train --target).");

  /** Forgetting factor of each sensor's online recalibration of the model's forecasts; 0 = off. */
  public static final ConfigOption<Double> FORECAST_CORRECTION =
      ConfigOptions.key("forecast.correction")
          .doubleType()
          .defaultValue(0.0)
          .withDescription("Forgetting factor in (0, 1] of each sensor's online recalibration of the shared"
              + " model's forecasts (per sensor and horizon step, a gain and an offset of the forecast change fitted"
              + " by recursive least squares to the sensor's own past forecasts once their actuals arrive, robust to"
              + " outliers: once a step has seen 10 errors, one beyond 1.69 times their mean absolute value counts"
              + " with Huber's weight, so spikes and jumps do not drag the fit); 0.998 remembers about 500 windows;"
              + " 0 = off.");

  /** Score at or above which a window is flagged. */
  public static final ConfigOption<Double> ANOMALY_THRESHOLD =
      ConfigOptions.key("anomaly.threshold")
          .doubleType()
          .defaultValue(ForecastSettings.DEFAULT_ANOMALY_THRESHOLD)
          .withDescription("Calibrated anomaly score in (0, 1] at or above which a forecast is flagged and also"
              + " written to the anomalies topic. A score s means the actual lay where only a share p = 10^(-20 s)"
              + " of ordinary windows would under the sensor's calibrated residual distribution: 0.065 is the edge"
              + " of the 95% interval, 0.1 is p = 0.01, the default 0.25 is p = 1e-5, 0.99 is p = 10^-19.8.");

  /** Factor of an anomaly score that repeats one of the sensor's last season period. */
  public static final ConfigOption<Double> ANOMALY_REPEAT_DAMPING =
      ConfigOptions.key("anomaly.repeat-damping")
          .doubleType()
          .defaultValue(ForecastSettings.DEFAULT_REPEAT_DAMPING)
          .withDescription("Factor in (0, 1] of an anomaly score no higher than the sensor's highest within the"
              + " last season period: the first of a burst of surprises is news, its repeats are not. 1 = report"
              + " every score as it is.");

  /** With N >= 4 windows, the anomaly score is each window's level novelty instead of the residual's surprise. */
  public static final ConfigOption<Integer> ANOMALY_LEVEL_WARM_UP_WINDOWS =
      ConfigOptions.key("anomaly.level-warm-up-windows")
          .intType()
          .defaultValue(0)
          .withDescription("0: the anomaly score is the surprise of the window's forecast residual. N >= 4: it is the"
              + " window's level novelty instead: each sensor keeps the values of its first N windows, cuts their"
              + " range into 8 levels (and 64 more each side) and marks the levels and spans they visited; a window at a"
              + " level the sensor has never visited (more than half a level from every level it has visited: a"
              + " value just across a visited level's edge has not arrived anywhere new), moving between two of the"
              + " range's levels as it has not since"
              + " the warm-up, or making its last 4 windows span a lowest and highest level they never spanned (at"
              + " least two levels apart: a swing, not a value staying within one level or two neighbouring ones),"
              + " scores log10(1 / p) / 20, p being the sensor's own rate of such firsts; any other window scores 0. The forecasts and intervals are the"
              + " same either way. It takes 19 + N floats of each sensor's state during the warm-up, 22 after it"
              + " (the state is cut when the warm-up ends). Changing it resets the level"
              + " novelty's state, nothing else. With it,"
              + " anomaly.threshold 0.1 flags a first rarer than one window in 100.");

  /** With level novelty, firsts at most this many windows apart are one burst, reported once unless it grows. */
  public static final ConfigOption<Integer> ANOMALY_LEVEL_BURST_GAP_WINDOWS =
      ConfigOptions.key("anomaly.level-burst-gap-windows")
          .intType()
          .defaultValue(0)
          .withDescription("With anomaly.level-warm-up-windows on: a sensor's level-novelty firsts at most G windows"
              + " apart are one burst (one event that keeps opening new levels as it unfolds), and a first is"
              + " reported only if it scores higher than every earlier first of its burst; the others score 0 (and"
              + " still count in the sensor's rate of firsts). So an event is flagged once, and again only if it"
              + " grows more surprising. 0 = report every first. It takes no state of its own. Windows are those"
              + " the sensor reported (a gap's imputed windows do not count). Without level novelty it must be 0.");

  // ---- ForecastOperator ----------------------------------------------------------------------

  /** Windows per batched model step. */
  public static final ConfigOption<Integer> BUNDLE_SIZE =
      ConfigOptions.key("bundle.size")
          .intType()
          .defaultValue(512)
          .withDescription("Closed windows buffered per parallel task before one batched model step.");

  /** Longest wait of a window in a bundle. */
  public static final ConfigOption<Duration> BUNDLE_INTERVAL =
      ConfigOptions.key("bundle.interval")
          .durationType()
          .defaultValue(Duration.ofMillis(200))
          .withDescription("Longest processing time a window waits in a bundle; 0 = flush only by size, on "
              + "watermarks, before checkpoints and at the end of input.");

  /** What to do about windows a sensor missed. */
  public static final ConfigOption<GapPolicy> GAP_POLICY =
      ConfigOptions.key("gap.policy")
          .enumType(GapPolicy.class)
          .defaultValue(GapPolicy.IMPUTE)
          .withDescription("Windows a sensor sent nothing for: impute (step the model through them on its own "
              + "forecasts, neither scored nor emitted), reset (restart its recurrent state, keep its scale) or "
              + "continue (step on as if no time had passed).");

  /** Gaps longer than this reset the sensor. */
  public static final ConfigOption<Integer> GAP_MAX_WINDOWS =
      ConfigOptions.key("gap.max-windows")
          .intType()
          .defaultValue(12)
          .withDescription("A gap of more missed windows than this resets the sensor's recurrent state, whatever "
              + "the policy.");

  /** Idle sensors' state expires after this. */
  public static final ConfigOption<Duration> STATE_TTL =
      ConfigOptions.key("state.ttl")
          .durationType()
          .defaultValue(Duration.ofDays(7))
          .withDescription("A sensor's state expires after this long (processing time) without a window; 0 = never.");

  /** What a restored sensor state of another model shape does. */
  public static final ConfigOption<ShapeMismatchPolicy> STATE_ON_SHAPE_MISMATCH =
      ConfigOptions.key("state.on-shape-mismatch")
          .enumType(ShapeMismatchPolicy.class)
          .defaultValue(ShapeMismatchPolicy.RESET)
          .withDescription("A sensor whose restored state was written by a model of another shape (cell, layers, "
              + "hidden size, horizon, head, window history): reset (the sensor starts afresh, counted in "
              + "stateShapeResets) or fail (the task fails naming both shapes). Sensors restarted by a hot swap "
              + "to another shape restart whatever this says.");

  /** Most sensors per parallel task. */
  public static final ConfigOption<Integer> STATE_MAX_SENSORS =
      ConfigOptions.key("state.max-sensors")
          .intType()
          .defaultValue(1_000_000)
          .withDescription("Most sensors one parallel task of the windows and the forecasting operator holds state "
              + "for; readings of further new sensors become TOO_MANY_SENSORS dead letters, so a flood of new ids "
              + "cannot grow state without bound. A sensor's admission lasts state.ttl after its last reading. "
              + "Per task: the job holds at most parallelism times this. 0 = no limit.");

  // ---- Fine-tuning ---------------------------------------------------------------------------

  /** What the job does with model checkpoints. */
  public static final ConfigOption<FineTuneMode> FINETUNE_MODE =
      ConfigOptions.key("finetune.mode")
          .enumType(FineTuneMode.class)
          .defaultValue(FineTuneMode.OFF)
          .withDescription("off: serve the configured model; follow: hot-swap the checkpoints announced on "
              + "finetune.topic; train: fine-tune on the stream, publish checkpoints to finetune.checkpoint-dir, "
              + "announce them and hot-swap them.");

  /** Topic of the checkpoint announcements. */
  public static final ConfigOption<String> FINETUNE_TOPIC =
      ConfigOptions.key("finetune.topic")
          .stringType()
          .defaultValue("model-checkpoints")
          .withDescription("Topic of the ModelCheckpoint announcements, read from its start (the newest valid "
              + "version wins) and written by the fine-tuner and `flowcast model publish`.");

  /** Where checkpoints are written. */
  public static final ConfigOption<String> FINETUNE_CHECKPOINT_DIR =
      ConfigOptions.key("finetune.checkpoint-dir")
          .stringType()
          .defaultValue("")
          .withDescription("Directory (any Flink FileSystem URI every TaskManager can read) the fine-tuner writes "
              + "its versioned safetensors checkpoints to; required with finetune.mode train.");

  /** Checkpoint files kept. */
  public static final ConfigOption<Integer> FINETUNE_RETAIN =
      ConfigOptions.key("finetune.retain")
          .intType()
          .defaultValue(5)
          .withDescription("Checkpoint files kept in finetune.checkpoint-dir (the newest versions).");

  /** Steps per sample whose loss counts. */
  public static final ConfigOption<Integer> FINETUNE_SEQUENCE_LENGTH =
      ConfigOptions.key("finetune.sequence-length")
          .intType()
          .defaultValue(32)
          .withDescription("Truncated-BPTT length: steps of a training sample that count in the loss.");

  /** Burn-in steps per sample. */
  public static final ConfigOption<Integer> FINETUNE_BURN_IN =
      ConfigOptions.key("finetune.burn-in")
          .intType()
          .defaultValue(16)
          .withDescription("Steps before a sample's sequence that warm the recurrent state from zero; left out "
              + "of the loss.");

  /** Windows between two samples of one sensor. */
  public static final ConfigOption<Integer> FINETUNE_SAMPLE_EVERY =
      ConfigOptions.key("finetune.sample-every")
          .intType()
          .defaultValue(0)
          .withDescription("A sensor gives at most one sample every this many windows; 0 = finetune.sequence-length "
              + "(samples do not overlap).");

  /** Samples per second of the whole job. */
  public static final ConfigOption<Double> FINETUNE_MAX_SAMPLES_PER_SECOND =
      ConfigOptions.key("finetune.max-samples-per-second")
          .doubleType()
          .defaultValue(200.0)
          .withDescription("Most training samples per second sent to the fine-tuner by all forecasting tasks "
              + "together, whatever the number of sensors; more are dropped (counted).");

  /** Whether anomalous windows train. */
  public static final ConfigOption<Boolean> FINETUNE_INCLUDE_ANOMALIES =
      ConfigOptions.key("finetune.include-anomalies")
          .booleanType()
          .defaultValue(false)
          .withDescription("Train on steps whose targets reach a window flagged as an anomaly.");

  /** Whether imputed windows train. */
  public static final ConfigOption<Boolean> FINETUNE_INCLUDE_IMPUTED =
      ConfigOptions.key("finetune.include-imputed")
          .booleanType()
          .defaultValue(false)
          .withDescription("Train on steps whose targets reach an imputed (missed) window.");

  /** Whether a sensor's warm-up trains. */
  public static final ConfigOption<Boolean> FINETUNE_INCLUDE_WARM_UP =
      ConfigOptions.key("finetune.include-warm-up")
          .booleanType()
          .defaultValue(false)
          .withDescription("Train on steps of a sensor's warm-up (fewer than forecast.warm-up-windows windows).");

  /** Reservoir size. */
  public static final ConfigOption<Integer> FINETUNE_BUFFER_SIZE =
      ConfigOptions.key("finetune.buffer-size")
          .intType()
          .defaultValue(2048)
          .withDescription("Samples in the fine-tuner's replay buffer (a reservoir over all sensors' samples).");

  /** Recent samples held out. */
  public static final ConfigOption<Integer> FINETUNE_VALIDATION_SIZE =
      ConfigOptions.key("finetune.validation-size")
          .intType()
          .defaultValue(128)
          .withDescription("The most recent samples, held out to validate every candidate against the serving model.");

  /** Training samples before the first round. */
  public static final ConfigOption<Integer> FINETUNE_MIN_SAMPLES =
      ConfigOptions.key("finetune.min-samples")
          .intType()
          .defaultValue(128)
          .withDescription("Samples the replay buffer must hold before a round runs.");

  /** New samples per round. */
  public static final ConfigOption<Integer> FINETUNE_ROUND_SAMPLES =
      ConfigOptions.key("finetune.round-samples")
          .intType()
          .defaultValue(512)
          .withDescription("A round starts after this many new samples ...");

  /** Time per round. */
  public static final ConfigOption<Duration> FINETUNE_ROUND_INTERVAL =
      ConfigOptions.key("finetune.round-interval")
          .durationType()
          .defaultValue(Duration.ofMinutes(1))
          .withDescription("... or this long after the last round, whichever comes first.");

  /** Loss. */
  public static final ConfigOption<String> FINETUNE_LOSS =
      ConfigOptions.key("finetune.loss")
          .stringType()
          .defaultValue("mse")
          .withDescription("mse, or gaussian-nll (needs a head of 2 x horizon outputs: means, then log-variances).");

  /** Optimiser. */
  public static final ConfigOption<String> FINETUNE_OPTIMIZER =
      ConfigOptions.key("finetune.optimizer")
          .stringType()
          .defaultValue("adam")
          .withDescription("adam (PyTorch's betas and eps) or sgd (with finetune.momentum).");

  /** SGD momentum. */
  public static final ConfigOption<Double> FINETUNE_MOMENTUM =
      ConfigOptions.key("finetune.momentum")
          .doubleType()
          .defaultValue(0.9)
          .withDescription("Momentum of finetune.optimizer sgd.");

  /** Learning rate. */
  public static final ConfigOption<Double> FINETUNE_LEARNING_RATE =
      ConfigOptions.key("finetune.learning-rate")
          .doubleType()
          .defaultValue(1e-3)
          .withDescription("Learning rate of the fine-tuner.");

  /** Batch size. */
  public static final ConfigOption<Integer> FINETUNE_BATCH_SIZE =
      ConfigOptions.key("finetune.batch-size")
          .intType()
          .defaultValue(32)
          .withDescription("Samples per optimiser step.");

  /** Epochs per round. */
  public static final ConfigOption<Integer> FINETUNE_EPOCHS =
      ConfigOptions.key("finetune.epochs")
          .intType()
          .defaultValue(1)
          .withDescription("Passes over the replay buffer per round.");

  /** Dropout. */
  public static final ConfigOption<Double> FINETUNE_DROPOUT =
      ConfigOptions.key("finetune.dropout")
          .doubleType()
          .defaultValue(0.0)
          .withDescription("Dropout between layers while fine-tuning (2+ layers).");

  /** Gradient clipping. */
  public static final ConfigOption<Double> FINETUNE_CLIP_NORM =
      ConfigOptions.key("finetune.clip-norm")
          .doubleType()
          .defaultValue(1.0)
          .withDescription("Clip gradients to this global L2 norm; 0 = off.");

  /** L2. */
  public static final ConfigOption<Double> FINETUNE_WEIGHT_DECAY =
      ConfigOptions.key("finetune.weight-decay")
          .doubleType()
          .defaultValue(0.0)
          .withDescription("L2 weight decay (PyTorch's coupled form).");

  /** Acceptance tolerance. */
  public static final ConfigOption<Double> FINETUNE_TOLERANCE =
      ConfigOptions.key("finetune.tolerance")
          .doubleType()
          .defaultValue(0.0)
          .withDescription("A candidate is published only if its validation loss is at most (1 + tolerance) times "
              + "the serving model's on the same held-out samples.");

  /** Seed. */
  public static final ConfigOption<Long> FINETUNE_SEED =
      ConfigOptions.key("finetune.seed")
          .longType()
          .defaultValue(0L)
          .withDescription("Seed of the replay buffer's reservoir, the shuffles and dropout.");

  // ---- Job -----------------------------------------------------------------------------------

  /** Checkpoint interval. */
  public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
      ConfigOptions.key("checkpoint.interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription("Checkpoint interval; exactly-once sinks commit their Kafka transactions on checkpoints, "
              + "so this is also the output's visibility delay for read_committed consumers.");

  /** Name of the job. */
  public static final ConfigOption<String> JOB_NAME =
      ConfigOptions.key("job.name")
          .stringType()
          .defaultValue("flowcast")
          .withDescription("Name of the Flink job.");

  private ForecastOptions() {}
}
