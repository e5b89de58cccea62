package io.flowcast.benchmarks;

import io.flowcast.model.CellType;
import io.flowcast.model.step.BatchStepper;
import io.flowcast.model.step.RecurrentNetwork;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The default engine's step measured in thread CPU time, not wall time: on a shared machine whose
 * load is far above its cores (JMH's wall-clock figures then swing 2-100x between runs), the time
 * the thread is descheduled does not count. Uses only {@code newStepper(int)}, so the same class
 * compiles against older builds for before/after comparisons (docs/BENCHMARKS.md).
 *
 * <p>{@code java --add-modules jdk.incubator.vector -cp ... io.flowcast.benchmarks.StepCpuTime
 * CELL LAYERS BATCH} prints {@code CELL LAYERS BATCH us-per-key}: the median of 21 samples of at
 * least 20 ms of CPU each, after 2 s of CPU of warm-up. Model: {@link StepShapes} (I = 4, H = 64).
 */
public final class StepCpuTime {
  private static final long WARM_UP_NANOS = 2_000_000_000L;
  private static final long SAMPLE_NANOS = 20_000_000L;
  private static final int SAMPLES = 21;

  private StepCpuTime() {}

  /** See the class javadoc. */
  public static void main(String[] args) {
    CellType cell = CellType.valueOf(args[0]);
    int layers = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    RecurrentNetwork network = RecurrentNetwork.compile(StepShapes.parameters(cell, layers));
    BatchStepper stepper = network.newStepper(batch);
    float[] inputs = StepShapes.inputs(batch);
    float[] states = new float[batch * network.stateLayout().size()];
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long start = threads.getCurrentThreadCpuTime();
    int steps = 1;
    while (threads.getCurrentThreadCpuTime() - start < WARM_UP_NANOS) {
      long sample = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < steps; i++) {
        stepper.step(batch, inputs, states);
      }
      if (threads.getCurrentThreadCpuTime() - sample < SAMPLE_NANOS) {
        steps *= 2;
      }
    }
    double[] perKey = new double[SAMPLES];
    for (int k = 0; k < SAMPLES; k++) {
      long sample = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < steps; i++) {
        stepper.step(batch, inputs, states);
      }
      perKey[k] = (threads.getCurrentThreadCpuTime() - sample) / 1e3 / steps / batch;
    }
    Arrays.sort(perKey);
    System.out.printf(Locale.ROOT, "%s %d %d %.4f%n", cell, layers, batch, perKey[SAMPLES / 2]);
  }
}
