package io.flowcast.model.cli;

import io.flowcast.model.CellType;
import picocli.CommandLine.ITypeConverter;

/** Parses {@code --cell} through {@link CellType#fromId}. */
public final class CellTypeConverter implements ITypeConverter<CellType> {
  @Override
  public CellType convert(String value) {
    return CellType.fromId(value);
  }
}
