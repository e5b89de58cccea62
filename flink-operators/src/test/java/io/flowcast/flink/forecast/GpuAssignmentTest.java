package io.flowcast.flink.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.junit.jupiter.api.Test;

/** {@link GpuAssignment}: the device index from Flink's GPU external resource infos. */
class GpuAssignmentTest {

  /** What Flink's {@code GPUInfo} exposes: the one property {@code index}. */
  private static ExternalResourceInfo gpu(Map<String, String> properties) {
    return new ExternalResourceInfo() {
      @Override
      public Optional<String> getProperty(String key) {
        return Optional.ofNullable(properties.get(key));
      }

      @Override
      public Collection<String> getKeys() {
        return properties.keySet();
      }
    };
  }

  @Test
  void takesTheLowestAssignedIndex() {
    assertThat(GpuAssignment.deviceIndex(List.of(gpu(Map.of("index", "3")), gpu(Map.of("index", " 1")))))
        .isEqualTo(OptionalInt.of(1));
  }

  @Test
  void noGpuOrNoIndexGivesNone() {
    assertThat(GpuAssignment.deviceIndex(List.of())).isEmpty();
    assertThat(GpuAssignment.deviceIndex(List.of(gpu(Map.of("uuid", "GPU-1"))))).isEmpty();
  }
}
