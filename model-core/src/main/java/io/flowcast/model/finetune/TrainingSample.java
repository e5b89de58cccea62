package io.flowcast.model.finetune;

import io.flowcast.model.forecast.WindowEncoding;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One training sequence cut from a live sensor's recent windows, encoded exactly as the forecaster
 * fed them to the model ({@link WindowEncoding}): {@code steps} model inputs, the {@code horizon}
 * normalised targets of each step (the values of the next windows under that step's statistics)
 * and each step's weight in the loss.
 *
 * <p>A sequence starts from a zero recurrent state, as the trainers do; its first steps are a
 * burn-in with weight 0 that brings the state to where the sensor was, so the loss only counts
 * steps whose state the model has built itself from real windows. A burn-in rather than the
 * sensor's stored state at the sequence start, because that state was made by whatever version was
 * serving then: under the weights being trained it would be stale, and its gradient cannot flow
 * into the steps that made it. Steps left out of training (a sensor's warm-up, steps whose targets
 * reach an anomalous or imputed window, unless configured otherwise) also have weight 0.
 *
 * <p>{@link #encode()} and {@link #decode(byte[])} give the compact binary form that travels from
 * the forecasting tasks to the fine-tuner and lives in its state.
 *
 * @param sensorId the sensor the sequence comes from
 * @param windowStart start of the window whose stepping completed the sample: its last target
 *     (epoch millis)
 * @param steps T, model steps
 * @param horizon H, targets per step
 * @param inputs {@code [T][}{@link WindowEncoding#INPUT_SIZE}{@code ]}, row-major
 * @param targets {@code [T][H]}, row-major
 * @param weights {@code [T]}, each 0 or more, not all 0
 */
public record TrainingSample(
    String sensorId, long windowStart, int steps, int horizon, float[] inputs, float[] targets,
    float[] weights) {
  private static final byte FORMAT = 1;

  /** Checks the shapes and that some step counts. */
  public TrainingSample {
    if (steps < 1 || horizon < 1) {
      throw new IllegalArgumentException("a sample needs >= 1 step and horizon, got " + steps + " x " + horizon);
    }
    if (inputs.length != steps * WindowEncoding.INPUT_SIZE || targets.length != steps * horizon
        || weights.length != steps) {
      throw new IllegalArgumentException("sample arrays do not match " + steps + " steps x horizon " + horizon);
    }
    double total = 0;
    for (float weight : weights) {
      if (!(weight >= 0) || Float.isInfinite(weight)) {
        throw new IllegalArgumentException("step weights must be finite and >= 0, got " + weight);
      }
      total += weight;
    }
    if (total == 0) {
      throw new IllegalArgumentException("a sample needs at least one step with a weight");
    }
  }

  /** Sum of the step weights. */
  public double totalWeight() {
    double total = 0;
    for (float weight : weights) {
      total += weight;
    }
    return total;
  }

  /** The binary form: a format byte, the id, the window start, the shape and the raw floats. */
  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(
        32 + sensorId.length() + 4 * (inputs.length + targets.length + weights.length));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeUTF(sensorId);
      out.writeLong(windowStart);
      out.writeInt(steps);
      out.writeInt(horizon);
      writeFloats(out, inputs);
      writeFloats(out, targets);
      writeFloats(out, weights);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads {@link #encode()}'s form.
   *
   * @throws IllegalArgumentException if the bytes are not a sample of this format
   */
  public static TrainingSample decode(byte[] encoded) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
      byte format = in.readByte();
      if (format != FORMAT) {
        throw new IllegalArgumentException("unknown training sample format " + format);
      }
      String sensorId = in.readUTF();
      long windowStart = in.readLong();
      int steps = in.readInt();
      int horizon = in.readInt();
      // Each step holds INPUT_SIZE inputs, horizon targets and a weight, 4 bytes each; compared by
      // division, since steps * bytesPerStep can overflow even a long.
      long bytesPerStep = 4 * (WindowEncoding.INPUT_SIZE + 1L + horizon);
      if (steps < 1 || horizon < 1 || steps > encoded.length / bytesPerStep) {
        throw new IllegalArgumentException("training sample of " + encoded.length + " bytes cannot hold "
            + steps + " steps x horizon " + horizon);
      }
      float[] inputs = readFloats(in, steps * WindowEncoding.INPUT_SIZE);
      float[] targets = readFloats(in, steps * horizon);
      float[] weights = readFloats(in, steps);
      if (in.available() != 0) {
        throw new IllegalArgumentException("training sample has " + in.available() + " trailing bytes");
      }
      return new TrainingSample(sensorId, windowStart, steps, horizon, inputs, targets, weights);
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated training sample of " + encoded.length + " bytes", e);
    }
  }

  private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    for (float value : values) {
      out.writeFloat(value);
    }
  }

  private static float[] readFloats(DataInputStream in, int n) throws IOException {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = in.readFloat();
    }
    return values;
  }
}
