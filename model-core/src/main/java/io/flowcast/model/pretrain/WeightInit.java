package io.flowcast.model.pretrain;

import io.flowcast.model.ModelParameters;
import io.flowcast.model.train.Initializers;
import java.util.Locale;
import java.util.Random;

/** How the {@link Pretrainer} initialises a model's weights ({@link Initializers}). */
public enum WeightInit {
  /** Xavier-uniform input weights, orthogonal recurrent gate blocks, zero biases. */
  XAVIER_ORTHOGONAL {
    @Override
    void apply(ModelParameters parameters, Random random) {
      Initializers.xavierOrthogonal(parameters, random);
    }
  },
  /** PyTorch's default: every tensor uniform in +-1/sqrt(hidden). */
  PYTORCH {
    @Override
    void apply(ModelParameters parameters, Random random) {
      Initializers.pytorchDefault(parameters, random);
    }
  };

  abstract void apply(ModelParameters parameters, Random random);

  /** The option value: {@code xavier-orthogonal} or {@code pytorch}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses {@link #id()}. */
  public static WeightInit fromId(String id) {
    for (WeightInit init : values()) {
      if (init.id().equals(id)) {
        return init;
      }
    }
    throw new IllegalArgumentException("unknown weight init '" + id + "' (xavier-orthogonal or pytorch)");
  }
}
