package io.flowcast.engine.cuda;

import static org.bytedeco.cuda.global.cudart.cudaGetDeviceCount;
import static org.bytedeco.cuda.global.cudart.cudaGetErrorString;

import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Loader;

/**
 * Whether this JVM can run the CUDA engine: JavaCPP's bindings load only where the machine's CUDA
 * 13 runtime ({@code libcudart.so.13}), cuBLAS and the driver ({@code libcuda.so.1}) are on the
 * library path, and the driver must then report a device. Checked once, without throwing.
 */
public final class CudaRuntime {
  private static final String UNAVAILABLE = probe();

  private CudaRuntime() {}

  /** Whether a CUDA device is usable. */
  public static boolean available() {
    return UNAVAILABLE == null;
  }

  /** Why no CUDA device is usable, or null if one is. */
  public static String unavailableReason() {
    return UNAVAILABLE;
  }

  /** Throws with the reason if no CUDA device is usable. */
  static void requireAvailable() {
    if (UNAVAILABLE != null) {
      throw new IllegalStateException("the cuda step engine cannot run here: " + UNAVAILABLE);
    }
  }

  /** Fails with CUDA's own message if {@code status} is not success. */
  static void check(int status, String what) {
    if (status != 0) {
      throw new IllegalStateException(what + " failed: CUDA error " + status + " (" + errorString(status) + ")");
    }
  }

  private static String errorString(int status) {
    try {
      return cudaGetErrorString(status).getString();
    } catch (RuntimeException | LinkageError e) {
      return "unknown";
    }
  }

  private static String probe() {
    try {
      Loader.load(cudart.class);
    } catch (UnsatisfiedLinkError | ExceptionInInitializerError | NoClassDefFoundError e) {
      return "no CUDA 13 runtime and driver on the library path (" + e + ")";
    }
    int[] count = new int[1];
    int status = cudaGetDeviceCount(count);
    if (status != 0) {
      return "cudaGetDeviceCount failed: CUDA error " + status + " (" + errorString(status) + ")";
    }
    if (count[0] == 0) {
      return "the CUDA driver reports no device";
    }
    return null;
  }
}
