package io.flowcast.flink.job;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class KafkaSinksTest {

  @Test
  void exactlyOnceWithoutCheckpointingIsRefused() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

    assertThatThrownBy(() -> KafkaSinks.requireCheckpointingIfExactlyOnce(env, new Configuration()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sink.delivery-guarantee");
  }

  @Test
  void exactlyOnceWithCheckpointingOrAtLeastOnceWithoutIsFine() {
    Configuration atLeastOnce = new Configuration();
    atLeastOnce.set(ForecastOptions.SINK_DELIVERY_GUARANTEE, DeliveryGuarantee.AT_LEAST_ONCE);

    assertThatCode(() -> KafkaSinks.requireCheckpointingIfExactlyOnce(
        StreamExecutionEnvironment.getExecutionEnvironment().enableCheckpointing(1_000), new Configuration()))
        .doesNotThrowAnyException();
    assertThatCode(() -> KafkaSinks.requireCheckpointingIfExactlyOnce(
        StreamExecutionEnvironment.getExecutionEnvironment(), atLeastOnce))
        .doesNotThrowAnyException();
  }
}
