package io.flowcast.flink.job;

import io.flowcast.flink.forecast.ForecastOperator;
import io.flowcast.flink.forecast.ForecastOperatorConfig;
import io.flowcast.flink.forecast.ModelSource;
import io.flowcast.flink.window.WindowFeatures;
import io.flowcast.model.CellType;
import io.flowcast.model.finetune.SampleSettings;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.io.Nonlinearity;
import io.flowcast.model.io.WeightFileOptions;
import io.flowcast.schemas.Forecast;
import io.flowcast.schemas.ModelCheckpoint;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** The forecasting stage of the job: window features keyed by sensor into the ForecastOperator. */
public final class ForecastStage {
  private ForecastStage() {}

  /** Adds keyBy(sensorId) and the ForecastOperator (uid {@code forecast}) after {@code windows}. */
  public static SingleOutputStreamOperator<Forecast> attach(
      DataStream<WindowFeatures> windows, ForecastOperatorConfig config) {
    return windows
        .keyBy(window -> window.sensorId, Types.STRING)
        .transform("forecast", new AvroTypeInfo<>(Forecast.class), new ForecastOperator(config))
        .uid("forecast");
  }

  /**
   * Adds keyBy(sensorId) and the ForecastOperator (uid {@code forecast}) after {@code windows},
   * hot-swapping the versions of {@code announcements} (broadcast to every forecasting task).
   */
  public static SingleOutputStreamOperator<Forecast> attach(DataStream<WindowFeatures> windows,
      DataStream<ModelCheckpoint> announcements, ForecastOperatorConfig config) {
    return windows
        .keyBy(window -> window.sensorId, Types.STRING)
        .connect(announcements.broadcast())
        .transform("forecast", new AvroTypeInfo<>(Forecast.class), new ForecastOperator(config))
        .uid("forecast");
  }

  /**
   * The operator's settings from the job's configuration ({@link ForecastOptions}); with
   * {@code finetune.mode} train it also cuts training samples.
   */
  public static ForecastOperatorConfig operatorConfig(Configuration config) {
    ForecastOperatorConfig operator = servingConfig(config);
    if (config.get(ForecastOptions.FINETUNE_MODE) != FineTuneMode.TRAIN) {
      return operator;
    }
    return operator.withSamples(sampleSettings(config), config.get(ForecastOptions.FINETUNE_MAX_SAMPLES_PER_SECOND));
  }

  /** How training samples are cut, from {@code finetune.*}. */
  public static SampleSettings sampleSettings(Configuration config) {
    int length = config.get(ForecastOptions.FINETUNE_SEQUENCE_LENGTH);
    int every = config.get(ForecastOptions.FINETUNE_SAMPLE_EVERY);
    return new SampleSettings(length, config.get(ForecastOptions.FINETUNE_BURN_IN), every == 0 ? length : every,
        config.get(ForecastOptions.FINETUNE_INCLUDE_ANOMALIES), config.get(ForecastOptions.FINETUNE_INCLUDE_IMPUTED),
        config.get(ForecastOptions.FINETUNE_INCLUDE_WARM_UP));
  }

  private static ForecastOperatorConfig servingConfig(Configuration config) {
    return new ForecastOperatorConfig(
        settings(config),
        modelSource(config),
        config.get(ForecastOptions.BUNDLE_SIZE),
        config.get(ForecastOptions.BUNDLE_INTERVAL),
        config.get(ForecastOptions.GAP_POLICY),
        config.get(ForecastOptions.GAP_MAX_WINDOWS),
        config.get(ForecastOptions.STATE_TTL),
        config.get(ForecastOptions.MODEL_ENGINE))
        .withShapeMismatch(config.get(ForecastOptions.STATE_ON_SHAPE_MISMATCH));
  }

  /** How windows become forecasts and scores, from the job's configuration. */
  public static ForecastSettings settings(Configuration config) {
    return new ForecastSettings(
        config.get(ForecastOptions.FORECAST_HORIZON),
        config.get(ForecastOptions.FORECAST_SEASON_PERIOD).toMillis(),
        config.get(ForecastOptions.FORECAST_NORMALIZATION_ALPHA),
        config.get(ForecastOptions.FORECAST_RESIDUAL_ALPHA),
        config.get(ForecastOptions.FORECAST_WARM_UP_WINDOWS),
        config.get(ForecastOptions.FORECAST_INTERVAL_Z),
        config.get(ForecastOptions.ANOMALY_THRESHOLD),
        config.get(ForecastOptions.FORECAST_MIN_SCALE),
        config.get(ForecastOptions.FORECAST_TARGET),
        config.get(ForecastOptions.FORECAST_CORRECTION),
        config.get(ForecastOptions.ANOMALY_REPEAT_DAMPING),
        config.get(ForecastOptions.ANOMALY_LEVEL_WARM_UP_WINDOWS),
        config.get(ForecastOptions.ANOMALY_LEVEL_BURST_GAP_WINDOWS));
  }

  private static ModelSource modelSource(Configuration config) {
    String path = config.get(ForecastOptions.MODEL_PATH);
    if (!path.isBlank()) {
      return ModelSource.file(path, config.get(ForecastOptions.MODEL_VERSION), weightFileOptions(config));
    }
    return ModelSource.fresh(CellType.fromId(config.get(ForecastOptions.MODEL_CELL)),
        config.get(ForecastOptions.MODEL_HIDDEN_SIZE), config.get(ForecastOptions.MODEL_LAYERS),
        config.get(ForecastOptions.MODEL_SEED), config.get(ForecastOptions.MODEL_VERSION));
  }

  /** How the model file is read: {@code model.rnn-prefix}, {@code model.head-prefix}, {@code model.nonlinearity}. */
  static WeightFileOptions weightFileOptions(Configuration config) {
    return new WeightFileOptions(
        null,
        config.getOptional(ForecastOptions.MODEL_RNN_PREFIX).orElse(null),
        config.getOptional(ForecastOptions.MODEL_HEAD_PREFIX).orElse(null),
        config.getOptional(ForecastOptions.MODEL_NONLINEARITY).map(Nonlinearity::fromId).orElse(null));
  }
}
