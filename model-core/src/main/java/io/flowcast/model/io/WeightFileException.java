package io.flowcast.model.io;

import java.io.IOException;

/**
 * A weight file is malformed, exceeds a size limit, uses an unsupported dtype, or does not hold a
 * valid Flowcast model (missing tensor, wrong shape, non-finite value, cell mismatch).
 *
 * <p>Every failure of {@link SafetensorsReader} and {@link ModelFiles} to understand a file's
 * content is reported with this type, never with another exception type; I/O failures of the
 * underlying file or stream are reported as plain {@link IOException}s. When the problem concerns
 * one tensor, {@link #tensorName()} names it and the message contains it in quotes.
 */
public final class WeightFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String tensorName;

  /** A problem with the file as a whole (no single tensor involved). */
  public WeightFileException(String message) {
    this(null, message, null);
  }

  /** A problem with the file as a whole, caused by {@code cause}. */
  public WeightFileException(String message, Throwable cause) {
    this(null, message, cause);
  }

  /**
   * A problem with one tensor.
   *
   * @param tensorName the tensor's name, or {@code null} when no single tensor is involved
   * @param problem what is wrong, without the tensor name (it is prefixed)
   * @param cause the underlying exception, or {@code null}
   */
  public WeightFileException(String tensorName, String problem, Throwable cause) {
    super(tensorName == null ? problem : "tensor '" + tensorName + "': " + problem, cause);
    this.tensorName = tensorName;
  }

  /** The offending tensor's name, or {@code null} when the problem is not about one tensor. */
  public String tensorName() {
    return tensorName;
  }
}
