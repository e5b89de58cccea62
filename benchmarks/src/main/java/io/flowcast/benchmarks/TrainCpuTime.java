package io.flowcast.benchmarks;

import io.flowcast.model.CellType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.DoubleSupplier;

/**
 * The training comparison in thread CPU time instead of wall time, for a shared machine where the
 * benchmark thread waits for a core much of the time: the same states as {@link
 * FlowcastTrainBenchmark}, {@link TorchTrainBenchmark} (one intra-op thread, which libtorch runs on
 * the calling thread) and {@link SgemmRooflineBenchmark} (OMP_NUM_THREADS=1), called in this
 * thread; warmup, then five rounds, the median of the rounds' CPU milliseconds per call. CPU time
 * still includes what other processes cost through the shared caches, so it is a lower bound of
 * the noise, not its removal. Run by {@code benchmarks/compare-train --cpu-time}.
 */
public final class TrainCpuTime {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int ROUNDS = 5;

  private TrainCpuTime() {}

  public static void main(String[] args) {
    SgemmRooflineBenchmark sgemm = new SgemmRooflineBenchmark();
    sgemm.batch = 2048;
    sgemm.setUp();
    double sgemmMs = medianCpuMs(() -> sgemm.sgemm().getDouble(0), 200, 200);
    double rate = 2.0 * 2048 * 69 * 256 / (sgemmMs * 1e-3);
    System.out.printf("CPU_TIME sgemm [2048, 69] x [69, 256]: %.3f ms = %.1f GFLOP/s%n", sgemmMs, rate / 1e9);
    for (CellType cell : new CellType[] {CellType.LSTM, CellType.GRU}) {
      for (int hidden : new int[] {32, 64}) {
        FlowcastTrainBenchmark ours = new FlowcastTrainBenchmark();
        ours.cell = cell;
        ours.hidden = hidden;
        ours.setUp();
        double oursMs = medianCpuMs(ours::step, 300, 60);
        TorchTrainBenchmark torch = new TorchTrainBenchmark();
        torch.cell = cell;
        torch.hidden = hidden;
        torch.setUp();
        double torchMs = medianCpuMs(torch::step, 40, 20);
        torch.tearDown();
        double roofMs = TrainShapes.flops(cell, hidden) / rate * 1e3;
        System.out.printf("CPU_TIME %s H=%d flowcast %.2f ms, torch %.2f ms, roofline %.2f ms,"
            + " torch/flowcast %.2f, flowcast/roofline %.2f%n",
            cell, hidden, oursMs, torchMs, roofMs, torchMs / oursMs, oursMs / roofMs);
      }
    }
  }

  /** Median over {@link #ROUNDS} rounds of {@code calls} calls (after {@code warmup}) of CPU ms per call. */
  private static double medianCpuMs(DoubleSupplier call, int warmup, int calls) {
    double sink = 0;
    for (int i = 0; i < warmup; i++) {
      sink += call.getAsDouble();
    }
    double[] rounds = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      long start = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < calls; i++) {
        sink += call.getAsDouble();
      }
      rounds[r] = (THREADS.getCurrentThreadCpuTime() - start) / 1e6 / calls;
    }
    if (Double.isNaN(sink)) {
      System.out.println("(a call returned NaN)");
    }
    Arrays.sort(rounds);
    return rounds[ROUNDS / 2];
  }
}
