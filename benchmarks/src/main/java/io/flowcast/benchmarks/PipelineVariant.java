package io.flowcast.benchmarks;

import io.flowcast.flink.job.ForecastOptions;
import io.flowcast.flink.job.ForecastStage;
import io.flowcast.flink.window.WindowFeatures;
import io.flowcast.schemas.Forecast;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;

/** The forecasting stage a pipeline run ends in; everything before and after it is the same. */
enum PipelineVariant {
  /** The job's own stage: keyBy(sensorId) and the ForecastOperator with the configured model. */
  LSTM {
    @Override
    DataStream<Forecast> attach(DataStream<WindowFeatures> windows, Configuration config) {
      return ForecastStage.attach(windows, ForecastStage.operatorConfig(config));
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
