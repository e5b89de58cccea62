package io.flowcast.benchmarks;

import io.flowcast.flink.forecast.ForecastOperator;
import io.flowcast.flink.job.FineTuneStage;
import io.flowcast.flink.job.ForecastOptions;
import io.flowcast.flink.job.ForecastStage;
import io.flowcast.flink.window.WindowFeatures;
import io.flowcast.schemas.Forecast;
import io.flowcast.schemas.ModelCheckpoint;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/** The forecasting stage a pipeline run ends in; everything before and after it is the same. */
enum PipelineVariant {
  /** The job's own stage: keyBy(sensorId) and the ForecastOperator with the configured model. */
  LSTM {
    @Override
    DataStream<Forecast> attach(DataStream<WindowFeatures> windows, Configuration config) {
      return ForecastStage.attach(windows, ForecastStage.operatorConfig(config));
    }
  },
  /**
   * The job's stage with {@code finetune.mode} train: the ForecastOperator cuts training samples
   * into its side output, which feeds the job's FineTuneOperator (rounds on its background
   * thread, checkpoints written to {@code finetune.checkpoint-dir}); its announcements go to a
   * discarding sink instead of Kafka, and its announcements input is empty (no Kafka either), so
   * the forecasting tasks keep serving the initial model.
   */
  LSTM_FINETUNE {
    @Override
    DataStream<Forecast> attach(DataStream<WindowFeatures> windows, Configuration config) {
      DataStream<ModelCheckpoint> noAnnouncements = windows.getExecutionEnvironment()
          .fromSequence(0, 0)
          .filter(i -> false)
          .name("no announcements")
          .map(i -> (ModelCheckpoint) null)
          .returns(new AvroTypeInfo<>(ModelCheckpoint.class))
          .name("no announcements");
      SingleOutputStreamOperator<Forecast> forecasts =
          ForecastStage.attach(windows, noAnnouncements, ForecastStage.operatorConfig(config));
      FineTuneStage.fineTuner(forecasts.getSideOutput(ForecastOperator.TRAINING_SAMPLES), noAnnouncements, config)
          .sinkTo(new DiscardingSink<>())
          .name("discard announcements")
          .setParallelism(1);
      return forecasts;
    }

    @Override
    String label() {
      return "lstm+ft";
    }
  },
  /** keyBy(sensorId) and the {@link PersistenceForecaster}: the pipeline without a model. */
  IDENTITY {
    @Override
    DataStream<Forecast> attach(DataStream<WindowFeatures> windows, Configuration config) {
      return windows
          .keyBy(window -> window.sensorId, Types.STRING)
          .process(new PersistenceForecaster(ForecastStage.settings(config).horizon(),
              config.get(ForecastOptions.STATE_TTL)), new AvroTypeInfo<>(Forecast.class))
          .name("forecast")
          .uid("forecast");
    }
  };

  /** Adds the stage after {@code windows}; {@code config} holds the job's forecasting options. */
  abstract DataStream<Forecast> attach(DataStream<WindowFeatures> windows, Configuration config);

  /** The variant's name in tables, lower case. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
