package io.flowcast.flink.forecast;

import java.util.Collection;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;

/**
 * The GPU that Flink's GPU external resource ({@code external-resources: gpu} with {@code
 * external-resource.gpu.driver-factory.class: org.apache.flink.externalresource.gpu.GPUDriverFactory})
 * assigned to a task: each {@code GPUInfo} carries the device's {@code index} property. A task
 * granted several uses the lowest index; one granted none gets none, and a device engine then uses
 * its default device.
 */
final class GpuAssignment {
  /** The external resource name the job reads ({@code external-resources: gpu}). */
  static final String RESOURCE = "gpu";
  /** The property of Flink's {@code GPUInfo} that holds the device index. */
  static final String INDEX = "index";

  private GpuAssignment() {}

  /** The lowest device index among {@code gpus}, if any carries one. */
  static OptionalInt deviceIndex(Collection<ExternalResourceInfo> gpus) {
    return gpus.stream()
        .map(gpu -> gpu.getProperty(INDEX))
        .flatMap(Optional::stream)
        .mapToInt(index -> Integer.parseInt(index.trim()))
        .min();
  }
}
