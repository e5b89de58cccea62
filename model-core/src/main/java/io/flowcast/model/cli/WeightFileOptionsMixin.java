package io.flowcast.model.cli;

import io.flowcast.model.CellType;
import io.flowcast.model.io.Nonlinearity;
import io.flowcast.model.io.WeightFileOptions;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The options of a command that reads a weight file where the file alone does not decide ({@code
 * --rnn-prefix}, {@code --head-prefix}, {@code --nonlinearity}), mapped onto {@link
 * WeightFileOptions}; a picocli mixin shared by {@code model run} and {@code model publish}.
 */
public final class WeightFileOptionsMixin {
  @Option(
      names = "--rnn-prefix",
      description = "state_dict prefix of the recurrent block, e.g. encoder. (default: the one "
          + "prefix holding weight_ih_l0; \"\" for none).")
  private String rnnPrefix;

  @Option(
      names = "--head-prefix",
      description = "state_dict prefix of the linear head, e.g. fc. (default: the one head found).")
  private String headPrefix;

  @Option(
      names = "--nonlinearity",
      converter = NonlinearityConverter.class,
      description = "tanh or relu: the nonlinearity of a PyTorch nn.RNN file that does not record it.")
  private Nonlinearity nonlinearity;

  /** The options given, expecting {@code cell} ({@code null}: any cell). */
  public WeightFileOptions options(CellType cell) {
    return new WeightFileOptions(cell, rnnPrefix, headPrefix, nonlinearity);
  }

  /** Parses {@code --nonlinearity} through {@link Nonlinearity#fromId}. */
  static final class NonlinearityConverter implements ITypeConverter<Nonlinearity> {
    @Override
    public Nonlinearity convert(String value) {
      return Nonlinearity.fromId(value);
    }
  }
}
