package io.flowcast.model.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.model.CellType;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.io.ModelFiles;
import io.flowcast.model.io.WeightFileException;
import io.flowcast.model.io.WeightFileOptions;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.SequenceOutput;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flowcast model run --weights M.safetensors --input IN.json [--cell C] [--rnn-prefix P]
 * [--head-prefix P] [--nonlinearity tanh|relu] [--batch-first]}: runs a sequence through the model
 * (float32 step) and prints {@code {"outputs", "h_n", "c_n" (LSTM kinds), "head" (with a head)}}
 * as JSON on stdout. Sizes and, where the shapes decide, the cell come from the file; the options
 * map onto {@link WeightFileOptions}.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run a sequence [T][B][I] ([B][T][I] with --batch-first) through a model and print "
        + "outputs and final states as JSON.")
final class RunModelCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec private CommandSpec spec;

  @Option(
      names = "--cell",
      converter = CellTypeConverter.class,
      description = "rnn, rnn-relu, lstm, lstm-peephole or gru; checked against the weights "
          + "(default: what the file holds).")
  private CellType cell;

  @Option(names = "--weights", required = true, description = "safetensors file (PyTorch state_dict names).")
  private Path weights;

  @Option(names = "--input", required = true, description = "JSON {\"inputs\": [T][B][I], \"h0\"?, \"c0\"?}.")
  private Path input;

  @Mixin private WeightFileOptionsMixin weightFileOptions;

  @Option(
      names = "--batch-first",
      description = "inputs are [B][T][I] and outputs and head [B][T][*], as nn.RNN(batch_first=True); "
          + "h0, c0, h_n and c_n stay [L][B][H].")
  private boolean batchFirst;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      WeightFileOptions options = weightFileOptions.options(cell);
      ModelParameters parameters = ModelFiles.read(weights, options);
      RunRequest request = RunRequest.parse(readJson(input), parameters.config(), batchFirst);
      SequenceOutput output =
          RecurrentNetwork.compile(parameters).forward(request.inputs(), request.h0(), request.c0());
      spec.commandLine().getOut().println(JSON.writeValueAsString(toJson(output, batchFirst)));
      return 0;
    } catch (NoSuchFileException e) {
      err.println("flowcast: no such file: " + e.getFile());
    } catch (WeightFileException | InvalidInputException | IllegalArgumentException e) {
      err.println("flowcast: " + e.getMessage());
    } catch (IOException e) {
      err.println("flowcast: cannot read " + e.getMessage());
    }
    return FlowcastCommand.EXIT_BAD_INPUT;
  }

  private static JsonNode readJson(Path path) throws IOException, InvalidInputException {
    try {
      return JSON.readTree(path.toFile());
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "malformed JSON in " + path + " at line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
    }
  }

  private static Map<String, Object> toJson(SequenceOutput output, boolean batchFirst) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("outputs", batchFirst ? RunRequest.swapFirstTwo(output.outputs()) : output.outputs());
    json.put("h_n", output.hN());
    if (output.cN() != null) {
      json.put("c_n", output.cN());
    }
    if (output.head() != null) {
      json.put("head", batchFirst ? RunRequest.swapFirstTwo(output.head()) : output.head());
    }
    return json;
  }
}
