package io.flowcast.model.pretrain;

import java.util.Locale;

/** The optimiser of the {@link Pretrainer}: Adam, or SGD with momentum. */
public enum OptimizerChoice {
  ADAM,
  SGD;

  /** The option value: {@code adam} or {@code sgd}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@link #id()}. */
  public static OptimizerChoice fromId(String id) {
    for (OptimizerChoice choice : values()) {
      if (choice.id().equals(id)) {
        return choice;
      }
    }
    throw new IllegalArgumentException("unknown optimiser '" + id + "' (adam or sgd)");
  }
}
