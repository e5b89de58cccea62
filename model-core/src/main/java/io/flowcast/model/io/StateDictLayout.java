package io.flowcast.model.io;

import io.flowcast.model.ModelConfig;
import io.flowcast.model.ParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where a model sits in a state_dict saved from a user's module: the prefix of the recurrent block
 * ({@code rnn.}, {@code lstm.}, {@code encoder.}, {@code model.gru.}, or none) and of the linear
 * head ({@code out.}, {@code fc.}, {@code head.}, {@code linear.}, or any prefix holding exactly a
 * {@code weight} [O, H] and a {@code bias} [O]). It maps the file's names to the names of {@link
 * ParameterSpec} ({@code rnn.weight_ih_l0} to {@code weight_ih_l0}, {@code fc.weight} to {@code
 * out.weight}) and back, for messages.
 *
 * <p>A prefix the caller names ({@link WeightFileOptions}) is taken as it is; otherwise exactly one
 * candidate must exist. Two recurrent blocks or two heads are an error that lists them and says how
 * to choose; no head is a model without one, but a head-named {@code weight} without a {@code bias}
 * is an error rather than silently no head.
 */
final class StateDictLayout {
  private static final Pattern RECURRENT =
      Pattern.compile(
          "(.*?)((?:weight|bias)_(?:ih|hh)_l[0-9]+(?:_reverse)?|weight_hr_l[0-9]+(?:_reverse)?"
              + "|peephole_[ifo]_l[0-9]+)");
  private static final Set<String> HEAD_NAMES = Set.of("out", "fc", "head", "linear");
  private static final String FIRST_INPUT = ParameterSpec.weightIh(0);
  private static final int NAMES_SHOWN = 12;

  private final String rnnPrefix;
  private final String headPrefix;
  private final Map<String, TensorInfo> tensors;

  private StateDictLayout(String rnnPrefix, String headPrefix, Map<String, TensorInfo> tensors) {
    this.rnnPrefix = rnnPrefix;
    this.headPrefix = headPrefix;
    this.tensors = tensors;
  }

  /**
   * Finds the recurrent block and the head.
   *
   * @param recorded the configuration from Flowcast metadata, if any: without a head there, no head
   *     is looked for
   * @throws WeightFileException if there is no recurrent block, or more than one candidate and no
   *     choice, or nothing under a prefix the caller chose
   */
  static StateDictLayout resolve(
      Map<String, TensorInfo> file, WeightFileOptions options, Optional<ModelConfig> recorded)
      throws WeightFileException {
    String rnn = recurrentPrefix(file, options.rnnPrefix());
    boolean headWanted = recorded.map(ModelConfig::hasHead).orElse(true);
    String head = headWanted ? headPrefix(file, options.headPrefix(), rnn) : null;
    Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    file.forEach(
        (name, info) -> {
          if (name.startsWith(rnn) && name.indexOf('.', rnn.length()) < 0) {
            tensors.put(name.substring(rnn.length()), info);
          }
        });
    if (head != null) {
      tensors.put(ParameterSpec.HEAD_WEIGHT, file.get(head + "weight"));
      tensors.put(ParameterSpec.HEAD_BIAS, file.get(head + "bias"));
    }
    return new StateDictLayout(rnn, head, Collections.unmodifiableMap(tensors));
  }

  /** The model's tensors under their {@link ParameterSpec} names. */
  Map<String, TensorInfo> tensors() {
    return tensors;
  }

  /** The name in the file of the tensor that {@link ParameterSpec} calls {@code specName}. */
  String fileName(String specName) {
    if (specName.equals(ParameterSpec.HEAD_WEIGHT) || specName.equals(ParameterSpec.HEAD_BIAS)) {
      return headPrefix == null
          ? specName
          : headPrefix + specName.substring(specName.indexOf('.') + 1);
    }
    return rnnPrefix + specName;
  }

  private static String recurrentPrefix(Map<String, TensorInfo> file, String chosen)
      throws WeightFileException {
    TreeSet<String> blocks = new TreeSet<>();
    for (String name : file.keySet()) {
      Matcher matcher = RECURRENT.matcher(name);
      if (matcher.matches() && matcher.group(2).equals(FIRST_INPUT) && isPrefix(matcher.group(1))) {
        blocks.add(matcher.group(1));
      }
    }
    if (chosen != null) {
      if (!file.containsKey(chosen + FIRST_INPUT)) {
        throw new WeightFileException(
            "no recurrent weights under the chosen prefix " + quote(chosen) + " (no '" + chosen
                + FIRST_INPUT + "'); " + recurrentCandidates(blocks, file));
      }
      return chosen;
    }
    if (blocks.isEmpty()) {
      throw new WeightFileException(
          "no recurrent weights (" + FIRST_INPUT + ") under any prefix; " + holds(file));
    }
    if (blocks.size() > 1) {
      throw new WeightFileException(
          "the file holds " + blocks.size() + " recurrent blocks, under " + quoteAll(blocks)
              + "; choose one with --rnn-prefix (model.rnn-prefix in the job, "
              + "WeightFileOptions.withRnnPrefix in code)");
    }
    return blocks.first();
  }

  private static String headPrefix(Map<String, TensorInfo> file, String chosen, String rnn)
      throws WeightFileException {
    List<String> candidates = new ArrayList<>();
    int hidden = hiddenSize(file, rnn);
    for (String name : file.keySet()) {
      if (!name.endsWith("weight")) {
        continue;
      }
      String prefix = name.substring(0, name.length() - "weight".length());
      if (!isPrefix(prefix)) {
        continue;
      }
      if (!file.containsKey(prefix + "bias")) {
        if (isKnownHeadName(prefix) && chosen == null) {
          throw new WeightFileException(
              name, "a head without a bias (nn.Linear(..., bias=False)) is not supported", null);
        }
        continue;
      }
      if (isKnownHeadName(prefix) || isBareLinear(file, prefix, hidden)) {
        candidates.add(prefix);
      }
    }
    if (chosen != null) {
      if (!file.containsKey(chosen + "weight") || !file.containsKey(chosen + "bias")) {
        throw new WeightFileException(
            "no head under the chosen prefix " + quote(chosen) + " (no '" + chosen + "weight' and '"
                + chosen + "bias'); " + (candidates.isEmpty()
                    ? "the file holds no head" : "heads in the file: " + quoteAll(candidates)));
      }
      return chosen;
    }
    if (candidates.size() > 1) {
      throw new WeightFileException(
          "the file holds " + candidates.size() + " candidate heads, under " + quoteAll(candidates)
              + "; choose one with --head-prefix (model.head-prefix in the job, "
              + "WeightFileOptions.withHeadPrefix in code)");
    }
    return candidates.isEmpty() ? null : candidates.get(0);
  }

  /** A prefix whose only tensors are {@code weight} [O, H] and {@code bias} [O]. */
  private static boolean isBareLinear(Map<String, TensorInfo> file, String prefix, int hidden) {
    long under = file.keySet().stream().filter(name -> name.startsWith(prefix)).count();
    int[] weight = file.get(prefix + "weight").shape();
    int[] bias = file.get(prefix + "bias").shape();
    return under == 2 && weight.length == 2 && weight[1] == hidden && bias.length == 1
        && bias[0] == weight[0];
  }

  private static boolean isKnownHeadName(String prefix) {
    if (prefix.isEmpty()) {
      return false;
    }
    String path = prefix.substring(0, prefix.length() - 1);
    return HEAD_NAMES.contains(path.substring(path.lastIndexOf('.') + 1));
  }

  private static int hiddenSize(Map<String, TensorInfo> file, String rnn) {
    TensorInfo hh = file.get(rnn + ParameterSpec.weightHh(0));
    return hh != null && hh.shape().length == 2 ? hh.shape()[1] : -1;
  }

  private static boolean isPrefix(String text) {
    return text.isEmpty() || (text.endsWith(".") && !text.startsWith("."));
  }

  private static String recurrentCandidates(Set<String> blocks, Map<String, TensorInfo> file) {
    return blocks.isEmpty()
        ? "the file has no recurrent weights (" + FIRST_INPUT + ") under any prefix; " + holds(file)
        : "recurrent blocks in the file: " + quoteAll(blocks);
  }

  private static String holds(Map<String, TensorInfo> file) {
    if (file.isEmpty()) {
      return "the file holds no tensors";
    }
    String shown =
        file.values().stream()
            .limit(NAMES_SHOWN)
            .map(info -> info.name() + Arrays.toString(info.shape()))
            .collect(Collectors.joining(", "));
    return "the file holds " + file.size() + " tensors: " + shown
        + (file.size() > NAMES_SHOWN ? ", ..." : "");
  }

  private static String quoteAll(Iterable<String> prefixes) {
    List<String> quoted = new ArrayList<>();
    prefixes.forEach(prefix -> quoted.add(quote(prefix)));
    return String.join(", ", quoted);
  }

  private static String quote(String prefix) {
    return prefix.isEmpty() ? "'' (no prefix)" : "'" + prefix + "'";
  }
}
