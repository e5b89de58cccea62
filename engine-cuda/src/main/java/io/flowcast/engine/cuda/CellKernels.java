package io.flowcast.engine.cuda;

import static io.flowcast.engine.cuda.CudaRuntime.check;
import static org.bytedeco.cuda.global.cudart.cuModuleGetFunction;
import static org.bytedeco.cuda.global.cudart.cuModuleLoadData;

import io.flowcast.model.CellType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.javacpp.BytePointer;

/**
 * The fused cell kernels ({@code flowcast_cells.cu}, shipped as PTX) loaded into the current
 * device's context with the driver API, which JIT-compiles the PTX for the GPU at hand.
 */
final class CellKernels {
  private static final String PTX = "flowcast_cells.ptx";

  private CellKernels() {}

  /** The kernel of {@code cell} in a module loaded into the calling thread's current context. */
  static CUfunc_st load(CellType cell) {
    CUmod_st module = new CUmod_st();
    check(cuModuleLoadData(module, new BytePointer(ptx())), "cuModuleLoadData(" + PTX + ")");
    CUfunc_st function = new CUfunc_st();
    String name = name(cell);
    check(cuModuleGetFunction(function, module, name), "cuModuleGetFunction(" + name + ")");
    return function;
  }

  static String name(CellType cell) {
    return switch (cell) {
      case RNN -> "rnn_cell";
      case LSTM, LSTM_PEEPHOLE -> "lstm_cell";
      case GRU -> "gru_cell";
      default -> throw new IllegalArgumentException("the cuda step engine has no kernel for " + cell.id());
    };
  }

  /** The PTX text, NUL-terminated as cuModuleLoadData wants it. */
  private static byte[] ptx() {
    try (InputStream in = CellKernels.class.getResourceAsStream(PTX)) {
      if (in == null) {
        throw new IllegalStateException(PTX + " is missing from the engine's JAR");
      }
      byte[] text = in.readAllBytes();
      return Arrays.copyOf(text, text.length + 1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
