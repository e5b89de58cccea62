package io.flowcast.model.finetune;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.forecast.WindowEncoding;
import io.flowcast.model.io.DType;
import io.flowcast.model.io.ModelFiles;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Online fine-tuning of the serving model: it collects {@link TrainingSample}s into a {@link
 * ReplayBuffer}, says when a round is due, hands out {@link Round}s to run (on any thread) and
 * decides on their results: a candidate that validates no worse than the serving model (within the
 * tolerance) becomes the serving model under the next version, keeping the round's optimiser state
 * for the next round.
 *
 * <p>Single-threaded: {@link #add}, {@link #roundDue}, {@link #startRound}, {@link #finish}, {@link
 * #adopt} and {@link #snapshot} belong to the owner's thread; only {@link Round#run()} may run
 * elsewhere. Its whole state (serving weights in F64, version, optimiser state, buffer, counters)
 * is in {@link #snapshot()}.
 */
public final class FineTuner {
  private static final byte FORMAT = 1;
  private static final long NEVER = Long.MIN_VALUE;

  private final FineTuneSettings settings;
  private final int horizon;
  private final ReplayBuffer buffer;
  private ModelParameters serving;
  private long version;
  private Map<String, double[]> optimizerState = Map.of();
  private long rounds;
  private long roundsAccepted;
  private long roundsRejected;
  private long newSamples;
  private long lastRoundMillis = NEVER;

  /**
   * A fine-tuner serving {@code serving} (copied) under {@code version}, with an empty buffer.
   *
   * @throws IllegalArgumentException if the settings do not fit the model: a model that does not
   *     take the {@link WindowEncoding} inputs, a head that is not {@code predictionsPerTarget x
   *     horizon} outputs of the loss (2 x horizon for the Gaussian NLL), dropout on a 1-layer model
   */
  public FineTuner(FineTuneSettings settings, ModelParameters serving, long version) {
    this(settings, serving, version,
        new ReplayBuffer(settings.bufferCapacity(), settings.validationSize(), settings.seed()));
  }

  private FineTuner(FineTuneSettings settings, ModelParameters serving, long version, ReplayBuffer buffer) {
    this.settings = settings;
    this.horizon = horizon(settings, serving.config());
    settings.trainer(serving, Map.of(), settings.seed()); // checks the rest of the settings against the model
    this.buffer = buffer;
    this.serving = serving.copy();
    this.version = version;
  }

  private static int horizon(FineTuneSettings settings, ModelConfig config) {
    int perTarget = settings.loss().predictionsPerTarget();
    if (config.inputSize() != WindowEncoding.INPUT_SIZE) {
      throw new IllegalArgumentException("the model takes " + config.inputSize()
          + " inputs per step, the training samples have " + WindowEncoding.INPUT_SIZE);
    }
    if (!config.hasHead() || config.outputSize() % perTarget != 0) {
      throw new IllegalArgumentException(settings.loss() + " needs a head of "
          + (perTarget == 1 ? "horizon" : perTarget + " x horizon (a mean and a log-variance per window ahead)")
          + " outputs, but the model has " + (config.hasHead() ? config.outputSize() + " outputs" : "no head"));
    }
    return config.outputSize() / perTarget;
  }

  /**
   * Receives a sample.
   *
   * @throws IllegalArgumentException if its horizon is not the model's
   */
  public void add(TrainingSample sample) {
    if (sample.horizon() != horizon) {
      throw new IllegalArgumentException(
          "sample of " + sample.sensorId() + " has horizon " + sample.horizon() + ", the model forecasts " + horizon);
    }
    buffer.add(sample);
    newSamples++;
  }

  /**
   * Whether a round is due: {@code minTrainingSamples} training samples and a full validation slice,
   * and {@code roundSamples} new samples since the last round started or {@code roundIntervalMillis}
   * since the last round (its end, or its start while it runs) with at least one new sample, so an
   * idle stream does not make new versions of the same data; before the first round, as soon as
   * there are samples enough. A round in flight does not stop another from being due: the owner
   * decides whether to start it (a second round that finishes after the first was accepted is
   * {@link RoundOutcome#SUPERSEDED}).
   */
  public boolean roundDue(long nowMillis) {
    return hasSamplesEnough() && (newSamples >= settings.roundSamples() || lastRoundMillis == NEVER
        || (newSamples > 0 && nowMillis - lastRoundMillis >= settings.roundIntervalMillis()));
  }

  private boolean hasSamplesEnough() {
    return buffer.trainingSize() >= settings.minTrainingSamples() && buffer.validationFull();
  }

  /**
   * Takes the next round: a snapshot of the serving weights, the optimiser state and the buffer's
   * samples, seeded by its number; resets the count of new samples.
   *
   * @throws IllegalStateException without samples enough for a round (see {@link #roundDue})
   */
  public Round startRound(long nowMillis) {
    if (!hasSamplesEnough()) {
      throw new IllegalStateException("a round needs " + settings.minTrainingSamples()
          + " training samples and a full validation slice of " + settings.validationSize() + ", there are "
          + buffer.trainingSize() + " and " + buffer.validation().size());
    }
    rounds++;
    newSamples = 0;
    lastRoundMillis = nowMillis;
    return new Round(settings, rounds, version, serving, optimizerState, buffer.training(), buffer.validation());
  }

  /**
   * Decides on a round's result: {@link RoundOutcome#SUPERSEDED} if the serving version changed
   * since the round started, else the round's verdict; an accepted candidate serves as version + 1
   * with the round's optimiser state.
   */
  public Decision finish(RoundResult result, long nowMillis) {
    return finish(result, nowMillis, 0);
  }

  /**
   * As {@link #finish(RoundResult, long)}, with an accepted candidate numbered above {@code
   * takenVersion} too: the highest version anybody may have given out meanwhile (for example a
   * model published by hand into the same checkpoint directory and not yet seen here). Versions
   * may then skip numbers; they never repeat.
   */
  public Decision finish(RoundResult result, long nowMillis, long takenVersion) {
    lastRoundMillis = nowMillis;
    RoundOutcome outcome = result.outcome();
    String detail = result.detail();
    if (result.baseVersion() != version) {
      outcome = RoundOutcome.SUPERSEDED;
      detail = "the round trained version " + result.baseVersion() + ", version " + version + " serves now";
    }
    if (outcome == RoundOutcome.ACCEPTED) {
      version = Math.max(version, takenVersion) + 1;
      serving = result.candidate().copy();
      optimizerState = Round.deepCopy(result.optimizerState());
      roundsAccepted++;
    } else {
      roundsRejected++;
    }
    return new Decision(outcome, detail, version, result.baseVersion(), result.trainLoss(),
        result.validationLoss(), result.servingValidationLoss(), buffer.seen(), result.candidate());
  }

  /**
   * Serves a version published elsewhere (e.g. by hand) from now on, with a fresh optimiser state;
   * a round in flight will be {@link RoundOutcome#SUPERSEDED}.
   *
   * @return false, changing nothing, if {@code newVersion} is not above the serving one
   * @throws IllegalArgumentException if the model does not fit the settings or forecasts another horizon
   */
  public boolean adopt(ModelParameters parameters, long newVersion) {
    if (newVersion <= version) {
      return false;
    }
    int adopted = horizon(settings, parameters.config());
    if (adopted != horizon) {
      throw new IllegalArgumentException("the adopted model forecasts " + adopted + " windows, the samples " + horizon);
    }
    settings.trainer(parameters, Map.of(), settings.seed());
    serving = parameters.copy();
    version = newVersion;
    optimizerState = Map.of();
    return true;
  }

  public FineTuneSettings settings() {
    return settings;
  }

  /** A copy of the serving weights. */
  public ModelParameters serving() {
    return serving.copy();
  }

  public long version() {
    return version;
  }

  /** Samples ever received. */
  public long samplesSeen() {
    return buffer.seen();
  }

  /** Rounds started. */
  public long rounds() {
    return rounds;
  }

  public long roundsAccepted() {
    return roundsAccepted;
  }

  public long roundsRejected() {
    return roundsRejected;
  }

  /** The whole state, binary: counters, serving weights (safetensors, F64), optimiser state, buffer. */
  public byte[] snapshot() {
    return BinaryForm.write(out -> {
      out.writeByte(FORMAT);
      out.writeLong(version);
      out.writeLong(rounds);
      out.writeLong(roundsAccepted);
      out.writeLong(roundsRejected);
      out.writeLong(newSamples);
      out.writeLong(lastRoundMillis);
      BinaryForm.writeBlock(out, ModelFiles.toBytes(serving, DType.F64));
      writeState(out, optimizerState);
      BinaryForm.writeBlock(out, buffer.encode());
    });
  }

  /**
   * The fine-tuner of a {@link #snapshot()}, under {@code settings}.
   *
   * @throws IllegalArgumentException if the snapshot is corrupt, its buffer was made with another
   *     capacity, validation size or seed than {@code settings} say, or the settings do not fit its model
   */
  public static FineTuner restore(FineTuneSettings settings, byte[] snapshot) {
    return BinaryForm.read(snapshot, "fine-tuner snapshot", in -> {
      byte format = in.readByte();
      if (format != FORMAT) {
        throw new IllegalArgumentException("unknown fine-tuner snapshot format " + format);
      }
      long version = in.readLong();
      long rounds = in.readLong();
      long accepted = in.readLong();
      long rejected = in.readLong();
      long newSamples = in.readLong();
      long lastRoundMillis = in.readLong();
      ModelParameters serving = ModelFiles.fromBytes(BinaryForm.readBlock(in), (CellType) null);
      Map<String, double[]> optimizerState = readState(in);
      ReplayBuffer buffer = ReplayBuffer.decode(BinaryForm.readBlock(in));
      if (buffer.capacity() != settings.bufferCapacity() || buffer.validationSize() != settings.validationSize()
          || buffer.seed() != settings.seed()) {
        throw new IllegalArgumentException("the snapshot's replay buffer has capacity " + buffer.capacity()
            + ", validation size " + buffer.validationSize() + " and seed " + buffer.seed()
            + "; the settings say " + settings.bufferCapacity() + ", " + settings.validationSize() + " and "
            + settings.seed());
      }
      FineTuner tuner = new FineTuner(settings, serving, version, buffer);
      tuner.optimizerState = optimizerState;
      tuner.rounds = rounds;
      tuner.roundsAccepted = accepted;
      tuner.roundsRejected = rejected;
      tuner.newSamples = newSamples;
      tuner.lastRoundMillis = lastRoundMillis;
      return tuner;
    });
  }

  private static void writeState(DataOutputStream out, Map<String, double[]> state) throws IOException {
    out.writeInt(state.size());
    for (Map.Entry<String, double[]> entry : new TreeMap<>(state).entrySet()) {
      out.writeUTF(entry.getKey());
      out.writeInt(entry.getValue().length);
      for (double value : entry.getValue()) {
        out.writeDouble(value);
      }
    }
  }

  private static Map<String, double[]> readState(DataInputStream in) throws IOException {
    int entries = in.readInt();
    if (entries < 0 || entries > in.available()) {
      throw new IOException("optimizer state of " + entries + " entries");
    }
    Map<String, double[]> state = new HashMap<>();
    for (int i = 0; i < entries; i++) {
      String key = in.readUTF();
      int length = in.readInt();
      if (length < 0 || length > in.available() / Double.BYTES) {
        throw new IOException("optimizer state entry " + key + " of " + length + " values");
      }
      double[] values = new double[length];
      for (int j = 0; j < length; j++) {
        values[j] = in.readDouble();
      }
      state.put(key, values);
    }
    return state;
  }
}
