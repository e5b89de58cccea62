package io.flowcast.engine.cuda;

import io.flowcast.model.step.LayerContext;
import io.flowcast.model.step.LayerStep;
import io.flowcast.model.step.StepEngine;
import io.flowcast.model.step.StepEngines;

/**
 * The {@code cuda} step engine: each layer's step on an NVIDIA GPU ({@link CudaLayerStep}: cuBLAS
 * sgemm and a fused cell kernel), through JavaCPP's CUDA 13 presets, which link to the machine's
 * own CUDA libraries. Found by {@link StepEngines#named} through {@link java.util.ServiceLoader};
 * nothing native loads until the first layer is built. {@link #onDevice} binds it to the device
 * index Flink's GPU external resource assigned (device 0 otherwise). Results agree with the Java
 * engine within float rounding (1e-5), not bit for bit.
 */
public final class CudaStepEngine implements StepEngine {
  private final int device;

  /** The engine on device 0 (what {@link java.util.ServiceLoader} instantiates). */
  public CudaStepEngine() {
    this(0);
  }

  private CudaStepEngine(int device) {
    if (device < 0) {
      throw new IllegalArgumentException("CUDA device index must be >= 0, got " + device);
    }
    this.device = device;
  }

  @Override
  public String name() {
    return StepEngines.CUDA;
  }

  /** The device this engine's layer steps run on. */
  public int device() {
    return device;
  }

  @Override
  public StepEngine onDevice(int index) {
    return new CudaStepEngine(index);
  }

  /** @throws IllegalStateException naming the reason if no CUDA device is usable here */
  @Override
  public LayerStep layer(LayerContext context) {
    CudaRuntime.requireAvailable();
    return new CudaLayerStep(context, device);
  }
}
