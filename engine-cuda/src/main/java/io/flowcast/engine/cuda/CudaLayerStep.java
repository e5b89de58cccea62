package io.flowcast.engine.cuda;

import static io.flowcast.engine.cuda.CudaRuntime.check;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_N;
import static org.bytedeco.cuda.global.cublas.cublasCreate_v2;
import static org.bytedeco.cuda.global.cublas.cublasDestroy_v2;
import static org.bytedeco.cuda.global.cublas.cublasSetStream_v2;
import static org.bytedeco.cuda.global.cublas.cublasSgemm_v2;
import static org.bytedeco.cuda.global.cudart.cuLaunchKernel;
import static org.bytedeco.cuda.global.cudart.cudaFree;
import static org.bytedeco.cuda.global.cudart.cudaFreeHost;
import static org.bytedeco.cuda.global.cudart.cudaMalloc;
import static org.bytedeco.cuda.global.cudart.cudaMallocHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpy;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyAsync;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;
import static org.bytedeco.cuda.global.cudart.cudaSetDevice;
import static org.bytedeco.cuda.global.cudart.cudaStreamCreate;
import static org.bytedeco.cuda.global.cudart.cudaStreamDestroy;
import static org.bytedeco.cuda.global.cudart.cudaStreamSynchronize;

import io.flowcast.model.CellType;
import io.flowcast.model.step.LayerContext;
import io.flowcast.model.step.LayerStep;
import io.flowcast.model.step.PackedLayer;
import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One layer's step on a CUDA device. Per call: the gathered rows {@code xh} (and, for the LSTM
 * kinds, each key's c) go to pinned host buffers and on to the device, cuBLAS computes the gate
 * pre-activations {@code xh · W} ({@code sgemm}, row-major [B, K] x [K, N]), the fused cell kernel
 * ({@link CellKernels}) turns them into h' (and c'), and those come back into the state buffer.
 * From {@link #OVERLAP_MIN_BATCH} keys on the batch goes in {@link #CHUNKS} chunks over two
 * streams, so the copies of one chunk overlap the matmul and kernel of the other. States stay in
 * the caller's buffer (Flink keyed state): nothing of a key lives on the device between calls.
 */
final class CudaLayerStep implements LayerStep {
  /** Batches from this size on are pipelined in chunks over two streams. */
  static final int OVERLAP_MIN_BATCH = 4096;
  /** Chunks of a pipelined batch. */
  static final int CHUNKS = 4;
  private static final int THREADS = 256;

  private final int device;
  private final CellType cell;
  private final int rows;
  private final int columns;
  private final int hidden;
  private final int outWidth;
  private final int stride;
  private final int hiddenOffset;
  private final int cellOffset;
  private final CUfunc_st kernel;
  private final cublasContext blas = new cublasContext();
  private final CUstream_st[] streams = {new CUstream_st(), new CUstream_st()};
  private final FloatPointer weights = new FloatPointer();
  private final FloatPointer peepholes = new FloatPointer();
  private final FloatPointer deviceRows = new FloatPointer();
  private final FloatPointer deviceGates = new FloatPointer();
  private final FloatPointer deviceCells = new FloatPointer();
  private final FloatPointer deviceOut = new FloatPointer();
  private final FloatPointer hostRows = new FloatPointer();
  private final FloatPointer hostCells = new FloatPointer();
  private final FloatPointer hostOut = new FloatPointer();
  private final FloatPointer one = new FloatPointer(1f);
  private final FloatPointer zero = new FloatPointer(0f);
  private final float[] cells;
  private final float[] out;
  private final IntPointer[] ints = {new IntPointer(1), new IntPointer(1), new IntPointer(1), new IntPointer(1)};
  private final LongPointer[] addresses = {new LongPointer(1), new LongPointer(1), new LongPointer(1), new LongPointer(1)};

  CudaLayerStep(LayerContext context, int device) {
    PackedLayer layer = context.weights();
    this.device = device;
    this.cell = context.cell();
    this.rows = layer.rows();
    this.columns = layer.columns();
    this.hidden = layer.hiddenSize();
    this.outWidth = cell.hasCellState() ? 2 * hidden : hidden;
    this.stride = context.layout().size();
    this.hiddenOffset = context.hiddenOffset();
    this.cellOffset = cell.hasCellState() ? context.cellOffset() : -1;
    int maxBatch = context.maxBatch();
    this.cells = cell.hasCellState() ? new float[maxBatch * hidden] : null;
    this.out = new float[maxBatch * outWidth];
    check(cudaSetDevice(device), "cudaSetDevice(" + device + ")");
    this.kernel = CellKernels.load(cell);
    check(cublasCreate_v2(blas), "cublasCreate");
    for (CUstream_st stream : streams) {
      check(cudaStreamCreate(stream), "cudaStreamCreate");
    }
    upload(weights, layer.toRowMajor());
    upload(peepholes, layer.peepholes());
    allocate(deviceRows, (long) maxBatch * rows, false);
    allocate(deviceGates, (long) maxBatch * columns, false);
    allocate(deviceOut, (long) maxBatch * outWidth, false);
    allocate(hostRows, (long) maxBatch * rows, true);
    allocate(hostOut, (long) maxBatch * outWidth, true);
    if (cells != null) {
      allocate(deviceCells, (long) maxBatch * hidden, false);
      allocate(hostCells, (long) maxBatch * hidden, true);
    }
  }

  @Override
  public void step(int batch, float[] xh, float[] states) {
    check(cudaSetDevice(device), "cudaSetDevice(" + device + ")");
    hostRows.position(0).put(xh, 0, batch * rows);
    if (cells != null) {
      for (int b = 0; b < batch; b++) {
        System.arraycopy(states, b * stride + cellOffset, cells, b * hidden, hidden);
      }
      hostCells.position(0).put(cells, 0, batch * hidden);
    }
    int chunks = batch >= OVERLAP_MIN_BATCH ? CHUNKS : 1;
    int size = (batch + chunks - 1) / chunks;
    for (int first = 0, chunk = 0; first < batch; first += size, chunk++) {
      run(streams[chunk % 2], first, Math.min(size, batch - first));
    }
    for (CUstream_st stream : streams) {
      check(cudaStreamSynchronize(stream), "cudaStreamSynchronize");
    }
    hostOut.position(0).get(out, 0, batch * outWidth);
    for (int b = 0; b < batch; b++) {
      System.arraycopy(out, b * outWidth, states, b * stride + hiddenOffset, hidden);
      if (cells != null) {
        System.arraycopy(out, b * outWidth + hidden, states, b * stride + cellOffset, hidden);
      }
    }
  }

  /** Copies in, multiplies, applies the cell and copies out keys {@code first..first+keys-1} on {@code stream}. */
  private void run(CUstream_st stream, int first, int keys) {
    copy(at(deviceRows, first, rows), at(hostRows, first, rows), keys * rows, cudaMemcpyHostToDevice, stream);
    if (cells != null) {
      copy(at(deviceCells, first, hidden), at(hostCells, first, hidden), keys * hidden, cudaMemcpyHostToDevice, stream);
    }
    check(cublasSetStream_v2(blas, stream), "cublasSetStream");
    // row-major gates[keys, N] = rows[keys, K] . W[K, N] is column-major gates^T = W^T . rows^T
    check(cublasSgemm_v2(blas, CUBLAS_OP_N, CUBLAS_OP_N, columns, keys, rows, one,
        at(weights, 0, 0), columns, at(deviceRows, first, rows), rows, zero,
        at(deviceGates, first, columns), columns), "cublasSgemm");
    launch(stream, first, keys);
    copy(at(hostOut, first, outWidth), at(deviceOut, first, outWidth), keys * outWidth, cudaMemcpyDeviceToHost, stream);
  }

  private void launch(CUstream_st stream, int first, int keys) {
    ints[0].put(keys);
    ints[1].put(hidden);
    long gates = address(deviceGates, first, columns);
    long output = address(deviceOut, first, outWidth);
    PointerPointer<Pointer> parameters = switch (cell) {
      case RNN -> new PointerPointer<>(ints[0], ints[1], addresses[0].put(gates), addresses[1].put(output));
      case GRU -> new PointerPointer<>(ints[0], ints[1], addresses[0].put(gates),
          addresses[1].put(address(deviceRows, first, rows)), ints[2].put(rows),
          ints[3].put(rows - hidden), addresses[2].put(output));
      default -> new PointerPointer<>(ints[0], ints[1], addresses[0].put(gates),
          addresses[1].put(address(deviceCells, first, hidden)), addresses[2].put(peepholes.address()),
          ints[2].put(cell.hasPeepholes() ? 1 : 0), addresses[3].put(output));
    };
    int blocks = (keys * hidden + THREADS - 1) / THREADS;
    check(cuLaunchKernel(kernel, blocks, 1, 1, THREADS, 1, 1, 0, stream, parameters, null),
        "cuLaunchKernel(" + CellKernels.name(cell) + ")");
  }

  private static FloatPointer at(FloatPointer base, int key, int width) {
    return new FloatPointer(base).position((long) key * width);
  }

  private static long address(FloatPointer base, int key, int width) {
    return base.address() + Float.BYTES * (long) key * width;
  }

  private static void copy(Pointer to, Pointer from, long floats, int kind, CUstream_st stream) {
    check(cudaMemcpyAsync(to, from, floats * Float.BYTES, kind, stream), "cudaMemcpyAsync");
  }

  private static void allocate(FloatPointer pointer, long floats, boolean pinnedHost) {
    long bytes = Math.max(1, floats) * Float.BYTES;
    check(pinnedHost ? cudaMallocHost(pointer, bytes) : cudaMalloc(pointer, bytes),
        pinnedHost ? "cudaMallocHost" : "cudaMalloc");
    pointer.capacity(Math.max(1, floats)).limit(Math.max(1, floats));
  }

  private static void upload(FloatPointer pointer, float[] values) {
    allocate(pointer, values.length, false);
    FloatPointer host = new FloatPointer(values);
    check(cudaMemcpy(pointer, host, (long) values.length * Float.BYTES, cudaMemcpyHostToDevice), "cudaMemcpy");
    host.close();
  }

  @Override
  public void close() {
    cudaSetDevice(device);
    for (FloatPointer pointer : new FloatPointer[] {weights, peepholes, deviceRows, deviceGates, deviceCells, deviceOut}) {
      if (!pointer.isNull()) {
        cudaFree(pointer);
      }
    }
    for (FloatPointer pointer : new FloatPointer[] {hostRows, hostCells, hostOut}) {
      if (!pointer.isNull()) {
        cudaFreeHost(pointer);
      }
    }
    for (CUstream_st stream : streams) {
      cudaStreamDestroy(stream);
    }
    cublasDestroy_v2(blas);
  }
}
