package io.flowcast.flink.forecast;

import io.flowcast.schemas.ModelCheckpoint;

/**
 * The announced checkpoint a forecasting task serves, as it keeps it in operator state so that a
 * restore serves that exact version: {@link #encode()} is one line of tab-separated fields.
 *
 * @param version the checkpoint's version
 * @param uri where its file lies
 * @param sha256 the file's hex SHA-256, checked again on restore
 * @param cell the cell id it announced
 */
record ServedModel(long version, String uri, String sha256, String cell) {

  static ServedModel of(ModelCheckpoint announcement) {
    return new ServedModel(announcement.getVersion(), announcement.getUri().toString(),
        announcement.getSha256().toString(), announcement.getCell().toString());
  }

  /** The announcement to verify the file against again. */
  ModelCheckpoint announcement() {
    return ModelCheckpoint.newBuilder()
        .setVersion(version)
        .setUri(uri)
        .setSha256(sha256)
        .setCell(cell)
        .setCreatedAt(java.time.Instant.EPOCH)
        .setTrainingSamples(0)
        .build();
  }

  String encode() {
    return version + "\t" + uri + "\t" + sha256 + "\t" + cell;
  }

  /** @throws IllegalArgumentException if {@code line} is not {@link #encode()}'s form */
  static ServedModel decode(String line) {
    String[] fields = line.split("\t", -1);
    if (fields.length != 4) {
      throw new IllegalArgumentException("not a served-model entry: " + line);
    }
    return new ServedModel(Long.parseLong(fields[0]), fields[1], fields[2], fields[3]);
  }
}
