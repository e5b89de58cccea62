package io.flowcast.model.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.model.CellType;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.io.ModelFiles;
import io.flowcast.model.io.WeightFileException;
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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flowcast model run --cell C --weights M.safetensors --input IN.json}: runs a sequence
 * through the model (float32 step) and prints {@code {"outputs", "h_n", "c_n" (LSTM kinds),
 * "head" (with out.weight)}} as JSON on stdout. Sizes come from the tensor shapes.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run a sequence [T][B][I] through a model and print outputs and final states as JSON.")
final class RunModelCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec private CommandSpec spec;

  @Option(
      names = "--cell",
      required = true,
      converter = CellTypeConverter.class,
      description = "rnn, lstm, lstm-peephole or gru; must match the weights.")
  private CellType cell;

  @Option(names = "--weights", required = true, description = "safetensors file (PyTorch state_dict names).")
  private Path weights;

  @Option(names = "--input", required = true, description = "JSON {\"inputs\": [T][B][I], \"h0\"?, \"c0\"?}.")
  private Path input;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      ModelParameters parameters = ModelFiles.read(weights, cell);
      RunRequest request = RunRequest.parse(readJson(input), parameters.config());
      SequenceOutput output =
          RecurrentNetwork.compile(parameters).forward(request.inputs(), request.h0(), request.c0());
      spec.commandLine().getOut().println(JSON.writeValueAsString(toJson(output)));
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

  private static Map<String, Object> toJson(SequenceOutput output) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("outputs", output.outputs());
    json.put("h_n", output.hN());
    if (output.cN() != null) {
      json.put("c_n", output.cN());
    }
    if (output.head() != null) {
      json.put("head", output.head());
    }
    return json;
  }
}
