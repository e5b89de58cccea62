package io.flowcast.model.cli;

/** The input JSON of {@code model run} is malformed or does not fit the model. */
final class InvalidInputException extends Exception {
  InvalidInputException(String message) {
    super(message);
  }
}
