package io.flowcast.flink.demo;

import io.flowcast.model.CellType;
import picocli.CommandLine.ITypeConverter;

/** Parses {@code --cell} through {@link CellType#fromId}. */
final class CellTypeConverter implements ITypeConverter<CellType> {
  @Override
  public CellType convert(String value) {
    return CellType.fromId(value);
  }
}
