package io.flowcast.model.finetune;

import java.io.Serializable;

/**
 * How training samples are cut from the stream ({@link SampleCutter}).
 *
 * @param sequenceLength steps per sample whose loss counts (truncated-BPTT length), >= 1
 * @param burnIn steps before them that bring the recurrent state from zero to where the sensor was;
 *     they are in the sample with weight 0, >= 0
 * @param sampleEvery a sensor gives at most one sample per this many windows, >= 1
 * @param includeAnomalies whether steps whose targets reach an anomalous window count
 * @param includeImputed whether steps whose targets reach an imputed window count
 * @param includeWarmUp whether steps of a sensor's warm-up (scale not settled) count
 */
public record SampleSettings(
    int sequenceLength, int burnIn, int sampleEvery, boolean includeAnomalies,
    boolean includeImputed, boolean includeWarmUp) implements Serializable {

  public SampleSettings {
    if (sequenceLength < 1 || burnIn < 0 || sampleEvery < 1) {
      throw new IllegalArgumentException("sequence length and sample-every must be >= 1 and burn-in >= 0, got "
          + sequenceLength + ", " + sampleEvery + ", " + burnIn);
    }
  }

  /** Model steps per sample: the burn-in and the sequence. */
  public int steps() {
    return burnIn + sequenceLength;
  }

  /** Windows a sensor must keep: every step of a sample and the horizon of targets after it. */
  public int historySteps(int horizon) {
    return steps() + horizon;
  }
}
