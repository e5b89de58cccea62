package io.flowcast.model;

/** A model tensor is missing, has the wrong shape, or holds a non-finite value. */
public final class InvalidParameterException extends IllegalArgumentException {
  private final String tensorName;

  public InvalidParameterException(String tensorName, String problem) {
    super("tensor '" + tensorName + "': " + problem);
    this.tensorName = tensorName;
  }

  /** The PyTorch-style name of the offending tensor. */
  public String tensorName() {
    return tensorName;
  }
}
