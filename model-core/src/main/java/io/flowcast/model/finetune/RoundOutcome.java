package io.flowcast.model.finetune;

/** How a fine-tuning round ended: its candidate accepted, or why not. */
public enum RoundOutcome {
  /** The candidate validated no worse than the serving model (within the tolerance). */
  ACCEPTED,
  /** Training left a NaN or infinite weight. */
  NON_FINITE_WEIGHTS,
  /** A training or validation loss, or a gradient norm, was not finite. */
  NON_FINITE_LOSS,
  /** The candidate validated worse than the serving model beyond the tolerance. */
  WORSE_VALIDATION,
  /** The serving version changed while the round ran (e.g. {@link FineTuner#adopt}). */
  SUPERSEDED
}
