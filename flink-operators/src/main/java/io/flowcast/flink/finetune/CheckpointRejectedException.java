package io.flowcast.flink.finetune;

/** An announced checkpoint that {@link CheckpointVerifier} refuses to load, and why. */
public final class CheckpointRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a checkpoint was rejected. */
  public enum Reason {
    /** The file could not be read (missing, no file system for the scheme, too large ...). */
    UNREADABLE,
    /** The file's SHA-256 is not the announced one (changed or cut short since it was announced). */
    HASH_MISMATCH,
    /** The bytes are not a safetensors file holding a valid model. */
    NOT_A_MODEL,
    /** A tensor holds NaN or an infinity. */
    NON_FINITE,
    /** The model cannot serve the job's forecast settings (inputs, horizon). */
    DOES_NOT_FIT,
    /** The file holds another cell than the announcement says. */
    CELL_MISMATCH
  }

  private final Reason reason;
  private final String detail;

  /**
   * @param version the announced version
   * @param uri the announced file
   * @param reason why it is rejected
   * @param detail what was found, in words
   * @param cause the underlying exception, or null
   */
  public CheckpointRejectedException(long version, String uri, Reason reason, String detail, Throwable cause) {
    super("checkpoint version " + version + " at " + uri + " rejected (" + reason + "): " + detail, cause);
    this.reason = reason;
    this.detail = detail;
  }

  public Reason reason() {
    return reason;
  }

  /** What was found, without the version, URI and reason of {@link #getMessage()}. */
  public String detail() {
    return detail;
  }
}
