package io.flowcast.engine.cuda;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.step.BatchStepper;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.StepEngine;
import io.flowcast.model.step.StepEngines;
import io.flowcast.model.testutils.EngineParity;
import io.flowcast.model.testutils.RandomModels;
import java.util.Locale;
import java.util.Random;

/**
 * The Java half of {@code scripts/gpu-check}, run on a GPU machine without Maven: parity of the
 * cuda engine with the golden cases and the Java engine (all four cells), then the per key-step
 * time of LSTM and GRU (H = 64, 256; 1 and 2 layers; I = 4) at B = 1k .. 1M, host-device copies
 * included (each step copies the rows in and the new states out), beside the Java engine on one
 * core of the same host at 1k and 64k keys. Prints one {@code RESULT} line per row and {@code
 * PARITY ok} or the failure. Arguments: {@code [quick|full] [engine]}: quick stops at B = 64k;
 * engine (default {@code cuda}) lets {@code java} run the whole check on a machine without a GPU,
 * to try the bundle.
 */
public final class GpuCheck {
  private static final int INPUT_SIZE = 4;
  private static final int[] BATCHES = {1 << 10, 1 << 14, 1 << 16, 1 << 18, 1 << 20};

  private GpuCheck() {}

  /** See the class javadoc. */
  public static void main(String[] args) {
    boolean quick = args.length > 0 && args[0].equals("quick");
    String engine = args.length > 1 ? args[1] : StepEngines.CUDA;
    if (engine.equals(StepEngines.CUDA) && !CudaRuntime.available()) {
      System.out.println("PARITY skipped: " + CudaRuntime.unavailableReason());
      System.exit(2);
    }
    StepEngine cuda = StepEngines.named(engine);
    EngineParity.matchesGoldenCases(cuda);
    EngineParity.matchesJavaEngine(cuda, EngineParity.FLOAT32_TOLERANCE, 1, 5, 16, 17, CudaLayerStep.OVERLAP_MIN_BATCH + 3);
    System.out.println("PARITY ok: " + engine
        + " on the golden cases and random models (rnn, lstm, lstm-peephole, gru; H 13, 64; L 1, 2) within 1e-5");
    for (CellType cell : new CellType[] {CellType.LSTM, CellType.GRU}) {
      for (int hidden : new int[] {64, 256}) {
        for (int layers = 1; layers <= 2; layers++) {
          RecurrentNetwork network = RecurrentNetwork.compile(
              RandomModels.parameters(new ModelConfig(cell, INPUT_SIZE, hidden, layers, 0), 42));
          for (int batch : new int[] {1 << 10, 1 << 16}) {
            report("java1core", network, StepEngines.java(), batch);
          }
          for (int batch : BATCHES) {
            if (quick && batch > 1 << 16) {
              continue;
            }
            report(engine, network, cuda, batch);
          }
        }
      }
    }
  }

  private static void report(String engine, RecurrentNetwork network, StepEngine stepEngine, int batch) {
    double seconds = secondsPerStep(network, stepEngine, batch);
    ModelConfig config = network.config();
    System.out.printf(Locale.ROOT, "RESULT engine=%s cell=%s hidden=%d layers=%d batch=%d us_per_step=%.1f ns_per_key=%.2f%n",
        engine, config.cell().id(), config.hiddenSize(), config.numLayers(), batch, seconds * 1e6, seconds * 1e9 / batch);
  }

  /** Median over timed steps after at least 3 steps (up to 1 s) of warm-up, at least 0.3 s timed. */
  private static double secondsPerStep(RecurrentNetwork network, StepEngine engine, int batch) {
    float[] inputs = new float[batch * INPUT_SIZE];
    Random random = new Random(1);
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = (float) (2 * random.nextDouble() - 1);
    }
    float[] states = new float[batch * network.stateLayout().size()];
    try (BatchStepper stepper = network.newStepper(batch, engine)) {
      long warm = System.nanoTime() + 1_000_000_000L;
      for (int warmup = 0; warmup < 3 || (warmup < 200 && System.nanoTime() < warm); warmup++) {
        stepper.step(batch, inputs, states);
      }
      double[] times = new double[64];
      int n = 0;
      long budget = System.nanoTime() + 300_000_000L;
      while (n < times.length && (n < 5 || System.nanoTime() < budget)) {
        long start = System.nanoTime();
        stepper.step(batch, inputs, states);
        times[n++] = (System.nanoTime() - start) * 1e-9;
      }
      java.util.Arrays.sort(times, 0, n);
      return times[n / 2];
    }
  }
}
