package io.flowcast.flink.job;

import io.flowcast.flink.forecast.ForecastOperator;
import io.flowcast.flink.forecast.ForecastOperatorConfig;
import io.flowcast.flink.ingest.Reading;
import io.flowcast.flink.window.WindowFeatures;
import io.flowcast.schemas.DeadLetter;
import io.flowcast.schemas.Forecast;
import io.flowcast.schemas.ModelCheckpoint;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.function.Function;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.formats.avro.AvroSerializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flowcast job: Kafka readings -> per-sensor event-time windows -> ForecastOperator -> Kafka
 * topics {@code forecasts} (every forecast) and {@code anomalies} (flagged ones only); bad and late
 * readings go to {@code dead-letters}. With {@code finetune.mode} follow, every forecasting task
 * also reads the checkpoint announcements of {@code finetune.topic} (broadcast) and hot-swaps them;
 * with train, the forecasting tasks also send training samples to the {@link FineTuneStage}, which
 * publishes and announces new versions on that topic. The job JAR's entry point:
 *
 * <pre>
 *   flink run flowcast-flink-operators-VERSION-job.jar --kafka.bootstrap-servers host:9092 [--key value ...]
 * </pre>
 *
 * with any key of {@link ForecastOptions}, on the command line or in Flink's configuration.
 */
public final class ForecastJob {
  private static final Logger LOG = LoggerFactory.getLogger(ForecastJob.class);
  private ForecastJob() {}

  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Configuration config = configuration(env, args);
    checkModelIfVisible(ForecastStage.operatorConfig(config), config);
    build(env, config);
    env.execute(config.get(ForecastOptions.JOB_NAME));
  }

  /**
   * Loads the model once in the client, so that a corrupt file or one that does not fit the
   * settings fails the submission with its message instead of failing every task (which Flink's
   * restart strategy would retry). A file the client cannot see (a path local to the TaskManagers)
   * is left to them.
   *
   * @throws IllegalArgumentException if the model does not fit the settings (or, fine-tuning, the loss)
   * @throws IOException if the file exists but is not a valid weights file
   */
  static void checkModelIfVisible(ForecastOperatorConfig operator, Configuration config) throws IOException {
    try {
      var model = operator.model().load(operator.settings());
      if (config.get(ForecastOptions.FINETUNE_MODE) == FineTuneMode.TRAIN) {
        FineTuneStage.settings(config).requireHeadFits(model.config(), operator.settings().horizon());
      }
    } catch (FileNotFoundException | NoSuchFileException e) {
      LOG.warn("model {} is not visible from the client; the TaskManagers will read it", operator.model().describe());
    }
  }

  /**
   * The job's settings: Flink's configuration as the environment holds it (for {@code flink run},
   * the client's {@code config.yaml}), overridden by the command line's {@code --key value}.
   *
   * @throws IllegalArgumentException for an unknown or unparsable command-line option
   */
  public static Configuration configuration(StreamExecutionEnvironment env, String... args) {
    Configuration config = Configuration.fromMap(env.getConfiguration().toMap());
    config.addAll(CommandLineConfiguration.parse(args));
    return config;
  }

  /** Adds the whole job, reading the configured topic without end, to {@code env}. */
  public static DataStream<Forecast> build(StreamExecutionEnvironment env, Configuration config) {
    return build(env, config, ReadingsSource.builder(config).build());
  }

  /** Attempts of the default restart strategy before the job fails. */
  static final int DEFAULT_RESTART_ATTEMPTS = 10;

  /**
   * Adds the whole job to {@code env}, reading from {@code source}; turns checkpointing on at
   * {@code checkpoint.interval} unless the environment already checkpoints, sets the bounded
   * default restart strategy ({@link #defaultRestartStrategy}) unless {@code restart-strategy.type}
   * is set, and refuses generic (Kryo) types.
   *
   * @return the forecasts, already written to Kafka
   */
  public static DataStream<Forecast> build(StreamExecutionEnvironment env, Configuration config,
      KafkaSource<Either<DeadLetter, Reading>> source) {
    return build(env, config, source, windows -> forecastingStage(windows, config));
  }

  /**
   * As {@link #build(StreamExecutionEnvironment, Configuration, KafkaSource)}, with {@code stage}
   * turning the windows into forecasts instead of the job's forecasting stage (the
   * ForecastOperator and, per {@code finetune.mode}, the announcements and the fine-tuner): the
   * same source, windows, dead letters, sinks and checkpointing around another stage, e.g. a
   * baseline of the job's own shape (the production-shape benchmark's identity pipeline).
   */
  public static DataStream<Forecast> build(StreamExecutionEnvironment env, Configuration config,
      KafkaSource<Either<DeadLetter, Reading>> source,
      Function<DataStream<WindowFeatures>, ? extends DataStream<Forecast>> stage) {
    Configuration pipeline = new Configuration();
    pipeline.set(PipelineOptions.GENERIC_TYPES, false);
    if (config.getOptional(RestartStrategyOptions.RESTART_STRATEGY).isEmpty()
        && env.getConfiguration().getOptional(RestartStrategyOptions.RESTART_STRATEGY).isEmpty()) {
      pipeline.addAll(defaultRestartStrategy());
    }
    env.configure(pipeline);
    if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
      env.enableCheckpointing(config.get(ForecastOptions.CHECKPOINT_INTERVAL).toMillis());
    }
    IngestPipeline ingest = IngestPipeline.build(env, config, source);
    DataStream<Forecast> forecasts = stage.apply(ingest.windows());

    String forecastsTopic = config.get(ForecastOptions.FORECASTS_TOPIC);
    forecasts
        .sinkTo(KafkaSinks.forTopic(config, forecastsTopic, AvroSerializationSchema.forSpecific(Forecast.class)))
        .name("forecasts to " + forecastsTopic)
        .uid("forecasts-sink");
    String anomaliesTopic = config.get(ForecastOptions.ANOMALIES_TOPIC);
    forecasts
        .filter(Forecast::getAnomaly)
        .name("flagged only")
        .uid("anomalies-filter")
        .sinkTo(KafkaSinks.forTopic(config, anomaliesTopic, AvroSerializationSchema.forSpecific(Forecast.class)))
        .name("anomalies to " + anomaliesTopic)
        .uid("anomalies-sink");
    return forecasts;
  }

  /**
   * The job's forecasting stage after {@code windows}: the ForecastOperator, with
   * {@code finetune.mode} follow or train also reading the checkpoint announcements, and with
   * train the fine-tuner fed by its training samples.
   */
  private static DataStream<Forecast> forecastingStage(DataStream<WindowFeatures> windows, Configuration config) {
    ForecastOperatorConfig operatorConfig = ForecastStage.operatorConfig(config);
    FineTuneMode mode = config.get(ForecastOptions.FINETUNE_MODE);
    if (mode == FineTuneMode.OFF) {
      return ForecastStage.attach(windows, operatorConfig);
    }
    DataStream<ModelCheckpoint> announcements = windows.getExecutionEnvironment()
        .fromSource(CheckpointAnnouncementSource.build(config), WatermarkStrategy.noWatermarks(),
            "model checkpoints from " + config.get(ForecastOptions.FINETUNE_TOPIC))
        .uid("model-checkpoints-source");
    SingleOutputStreamOperator<Forecast> forecasts = ForecastStage.attach(windows, announcements, operatorConfig);
    if (mode == FineTuneMode.TRAIN) {
      FineTuneStage.attach(forecasts.getSideOutput(ForecastOperator.TRAINING_SAMPLES), announcements, config);
    }
    return forecasts;
  }

  /**
   * The restart strategy of a job that configures none: exponential delay from 1 s, doubling up
   * to 1 min (10% jitter), and failing the job after {@value #DEFAULT_RESTART_ATTEMPTS} attempts
   * in a row (about 5 min), so that a failure that every restart meets again (a bad model file
   * only the TaskManagers can read, a topic that is gone) ends the job instead of retrying
   * forever. The count starts again after an hour without a failure, so that rare transient
   * failures of a long-running job never add up to the limit. Flink's own default for a
   * checkpointing job retries without end.
   */
  static Configuration defaultRestartStrategy() {
    Configuration restart = new Configuration();
    restart.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    restart.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
    restart.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofMinutes(1));
    restart.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
    restart.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, 0.1);
    restart.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD, Duration.ofHours(1));
    restart.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, DEFAULT_RESTART_ATTEMPTS);
    return restart;
  }
}
