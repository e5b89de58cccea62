package io.flowcast.model.cli;

import picocli.CommandLine.Command;

/** {@code flowcast model ...}: work with a model outside Flink. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "Run a model outside Flink.",
    subcommands = {RunModelCommand.class})
final class ModelCommand {}
