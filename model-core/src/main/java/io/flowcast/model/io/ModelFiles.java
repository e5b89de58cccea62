package io.flowcast.model.io;

import io.flowcast.model.CellType;
import io.flowcast.model.InvalidParameterException;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Saves and loads {@link ModelParameters} as safetensors weight files.
 *
 * <p><b>Writing</b>: the tensors of {@link ParameterSpec#of(ModelConfig)}, in that order, in F32 or
 * F64, named as the state_dict of a PyTorch module {@code self.rnn = nn.RNN/LSTM/GRU(I, H, L);
 * self.out = nn.Linear(H, O)} names them: the recurrent tensors under {@value #RNN_PREFIX} ({@code
 * rnn.weight_ih_l0}, ...), the head as {@code out.weight} and {@code out.bias}; such a module loads
 * the file with {@code load_state_dict(strict=True)} (the peephole LSTM has no PyTorch module). The
 * configuration goes into the {@link ModelMetadata} keys of {@code __metadata__}.
 *
 * <p><b>Reading</b>: {@link StateDictLayout} finds the recurrent block under any one prefix (none,
 * {@code rnn.}, {@code lstm.}, {@code encoder.}, {@code model.gru.}, ...) and the head under another
 * ({@code out.}, {@code fc.}, {@code head.}, {@code linear.}, or any prefix holding exactly a
 * {@code weight} [O, H] and a {@code bias} [O]); two candidates are an error unless {@link
 * WeightFileOptions} names the prefix. The configuration comes from the Flowcast metadata when
 * present (an unknown {@value ModelMetadata#FORMAT_VERSION} is an error), otherwise it is inferred
 * from the tensor shapes ({@link ConfigInference}), so plain PyTorch state_dict files load; an RNN's
 * nonlinearity is never guessed ({@link RnnNonlinearity}). F16, BF16, F32 and F64 tensors are
 * accepted. Every tensor the configuration needs must be present with exactly its shape and finite
 * values. <b>Tensors the model does not use are ignored</b> (a PyTorch file may hold others), except
 * bidirectional ({@code *_reverse}) and projection ({@code weight_hr_l*}) tensors of the recurrent
 * block, which are rejected because ignoring them would silently change the model.
 *
 * <p>Every content problem is a {@link WeightFileException}, naming the tensor (as the file names
 * it) where one is involved. Default size limits are those of {@link SafetensorsReader}; for other
 * limits read with a configured reader and call {@link #fromSafetensors}.
 */
public final class ModelFiles {
  /** Prefix of the recurrent tensors in the files Flowcast writes. */
  public static final String RNN_PREFIX = "rnn.";

  private static final SafetensorsReader DEFAULT_READER = new SafetensorsReader();

  private ModelFiles() {}

  /** Loads a weight file of any cell kind, with the {@linkplain WeightFileOptions#DEFAULTS defaults}. */
  public static ModelParameters read(Path path) throws IOException {
    return read(path, WeightFileOptions.DEFAULTS);
  }

  /**
   * Loads a weight file, checking its cell kind.
   *
   * @param expected the cell the caller expects, or {@code null} to accept any
   * @throws WeightFileException if the file is malformed, does not hold a valid model, or holds
   *     another cell kind than {@code expected}
   * @throws IOException if the file cannot be read
   */
  public static ModelParameters read(Path path, CellType expected) throws IOException {
    return read(path, WeightFileOptions.DEFAULTS.withCell(expected));
  }

  /**
   * Loads a weight file as {@code options} say.
   *
   * @throws WeightFileException if the file is malformed, does not hold a valid model, does not fit
   *     the options, or leaves a choice open (see {@link WeightFileOptions})
   * @throws IOException if the file cannot be read
   */
  public static ModelParameters read(Path path, WeightFileOptions options) throws IOException {
    return fromSafetensors(DEFAULT_READER.read(path), options);
  }

  /** As {@link #read(Path, CellType)}, from a stream read to its end (not closed). */
  public static ModelParameters read(InputStream in, CellType expected) throws IOException {
    return read(in, WeightFileOptions.DEFAULTS.withCell(expected));
  }

  /** As {@link #read(Path, WeightFileOptions)}, from a stream read to its end (not closed). */
  public static ModelParameters read(InputStream in, WeightFileOptions options) throws IOException {
    return fromSafetensors(DEFAULT_READER.read(in), options);
  }

  /** As {@link #read(Path, CellType)}, from the bytes of a file. */
  public static ModelParameters fromBytes(byte[] bytes, CellType expected)
      throws WeightFileException {
    return fromBytes(bytes, WeightFileOptions.DEFAULTS.withCell(expected));
  }

  /** As {@link #read(Path, WeightFileOptions)}, from the bytes of a file. */
  public static ModelParameters fromBytes(byte[] bytes, WeightFileOptions options)
      throws WeightFileException {
    return fromSafetensors(DEFAULT_READER.fromBytes(bytes), options);
  }

  /** As {@link #fromSafetensors(SafetensorsFile, WeightFileOptions)}, expecting {@code expected}. */
  public static ModelParameters fromSafetensors(SafetensorsFile file, CellType expected)
      throws WeightFileException {
    return fromSafetensors(file, WeightFileOptions.DEFAULTS.withCell(expected));
  }

  /**
   * Builds the model held by an already validated safetensors file.
   *
   * @throws WeightFileException naming the tensor that is missing, mis-shaped, of an unreadable
   *     dtype or not finite; or on a cell mismatch, invalid metadata, an open choice of prefix or
   *     an unknown RNN nonlinearity
   */
  public static ModelParameters fromSafetensors(SafetensorsFile file, WeightFileOptions options)
      throws WeightFileException {
    Optional<ModelConfig> recorded = ModelMetadata.parse(file.metadata());
    StateDictLayout layout = StateDictLayout.resolve(file.tensorInfos(), options, recorded);
    ConfigInference.rejectUnsupportedVariants(layout);
    ModelConfig config =
        RnnNonlinearity.settle(
            recorded.isPresent() ? recorded.get() : ConfigInference.infer(layout),
            recorded.isPresent(),
            file.metadata(),
            options);
    CellType expected = options.cell();
    if (expected != null && expected != config.cell()) {
      throw new WeightFileException(
          "cell mismatch: the file holds a '"
              + config.cell().id()
              + "' model"
              + (recorded.isPresent() ? "" : " (inferred from the tensor shapes)")
              + ", expected '"
              + expected.id()
              + "'");
    }
    Map<String, double[]> named = new LinkedHashMap<>();
    for (ParameterSpec spec : ParameterSpec.of(config)) {
      String fileName = layout.fileName(spec.name());
      TensorInfo info = layout.tensors().get(spec.name());
      if (info == null) {
        throw new WeightFileException(
            fileName, "missing (expected shape " + spec.shapeText() + " for " + config + ")", null);
      }
      if (!Arrays.equals(info.shape(), spec.shape())) {
        throw new WeightFileException(
            fileName,
            "shape " + Arrays.toString(info.shape()) + ", expected " + spec.shapeText()
                + " for " + config,
            null);
      }
      named.put(spec.name(), file.tensor(fileName).values());
    }
    try {
      return ModelParameters.of(config, named);
    } catch (InvalidParameterException e) {
      String prefix = "tensor '" + e.tensorName() + "': ";
      String problem =
          e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
      throw new WeightFileException(layout.fileName(e.tensorName()), "invalid value: " + problem, e);
    }
  }

  /**
   * Saves the model to {@code path} (via a temporary file moved into place).
   *
   * @param dtype {@link DType#F32} (each value rounded to the nearest float) or {@link DType#F64}
   * @throws IllegalArgumentException if {@code dtype} is not writable
   * @throws InvalidParameterException naming a tensor with a value that is not finite in {@code
   *     dtype} (NaN, infinity, or beyond the F32 range), since such a file could not be read back
   */
  public static void write(ModelParameters parameters, Path path, DType dtype) throws IOException {
    write(parameters, path, dtype, Map.of());
  }

  /**
   * As {@link #write(ModelParameters, Path, DType)}, with extra metadata entries after the Flowcast
   * ones (as {@link #toBytes(ModelParameters, DType, Map)}).
   *
   * @throws IllegalArgumentException if an extra key starts with {@code flowcast.}
   */
  public static void write(ModelParameters parameters, Path path, DType dtype, Map<String, String> extra)
      throws IOException {
    SafetensorsWriter.write(tensors(parameters, dtype), metadata(parameters, extra), path);
  }

  /** As {@link #write(ModelParameters, Path, DType)}, to a stream (flushed, not closed). */
  public static void write(ModelParameters parameters, OutputStream out, DType dtype)
      throws IOException {
    SafetensorsWriter.write(tensors(parameters, dtype), ModelMetadata.of(parameters.config()), out);
  }

  /** As {@link #write(ModelParameters, Path, DType)}, returning the file's bytes. */
  public static byte[] toBytes(ModelParameters parameters, DType dtype) {
    return toBytes(parameters, dtype, Map.of());
  }

  /**
   * As {@link #toBytes(ModelParameters, DType)}, with extra metadata entries (e.g. a training step)
   * after the Flowcast ones.
   *
   * @throws IllegalArgumentException if an extra key starts with {@code flowcast.}
   */
  public static byte[] toBytes(ModelParameters parameters, DType dtype, Map<String, String> extra) {
    return SafetensorsWriter.toBytes(tensors(parameters, dtype), metadata(parameters, extra));
  }

  /** The Flowcast metadata of {@code parameters}, then {@code extra}. */
  private static Map<String, String> metadata(ModelParameters parameters, Map<String, String> extra) {
    Map<String, String> metadata = ModelMetadata.of(parameters.config());
    for (Map.Entry<String, String> entry : extra.entrySet()) {
      if (entry.getKey().startsWith("flowcast.")) {
        throw new IllegalArgumentException("metadata key '" + entry.getKey() + "' is reserved");
      }
      metadata.put(entry.getKey(), entry.getValue());
    }
    return metadata;
  }

  private static Map<String, Tensor> tensors(ModelParameters parameters, DType dtype) {
    if (!dtype.isWritable()) {
      throw new IllegalArgumentException("cannot write dtype " + dtype + " (writable: F32, F64)");
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (ParameterSpec spec : ParameterSpec.of(parameters.config())) {
      double[] values = parameters.get(spec.name());
      requireFinite(spec.name(), values, dtype);
      tensors.put(writtenName(spec.name()), new Tensor(dtype, spec.shape(), values));
    }
    return tensors;
  }

  /** The name a tensor gets in the files Flowcast writes (see the class comment). */
  static String writtenName(String specName) {
    boolean head = specName.equals(ParameterSpec.HEAD_WEIGHT) || specName.equals(ParameterSpec.HEAD_BIAS);
    return head ? specName : RNN_PREFIX + specName;
  }

  private static void requireFinite(String name, double[] values, DType dtype) {
    for (int i = 0; i < values.length; i++) {
      boolean finite =
          dtype == DType.F32 ? Float.isFinite((float) values[i]) : Double.isFinite(values[i]);
      if (!finite) {
        throw new InvalidParameterException(
            name, "value " + values[i] + " at flat index " + i + " is not finite as " + dtype);
      }
    }
  }
}
