package io.flowcast.model.io;

import java.util.Optional;

/**
 * Recognises the files people mistake for safetensors from their first bytes, so that the reader
 * can say what a file is and which call writes a safetensors file instead of reporting a garbage
 * header length: {@code torch.save} output (a zip archive, or a pickle in the legacy format), JSON,
 * ONNX, HDF5, NumPy and empty files.
 */
final class ForeignFormat {
  /** The call that writes what Flowcast reads. */
  static final String SAVE_CALL = "safetensors.torch.save_file(model.state_dict(), path)";

  private ForeignFormat() {}

  /** What {@code bytes} are, when they are a recognised non-safetensors format. */
  static Optional<String> recognise(byte[] bytes) {
    if (bytes.length == 0) {
      return Optional.of("an empty file");
    }
    if (startsWith(bytes, 'P', 'K', 3, 4)) {
      return Optional.of("a zip archive, as torch.save writes (a .pt / .pth checkpoint)");
    }
    // (a safetensors length prefix has zeros after its low bytes: 80 02 00 ... is a cut-off file)
    if (bytes.length > 2 && (bytes[0] & 0xff) == 0x80 && bytes[1] >= 2 && bytes[1] <= 5 && bytes[2] != 0) {
      return Optional.of(
          "a Python pickle, as torch.save(..., _use_new_zipfile_serialization=False) or pickle.dump "
              + "write");
    }
    if (startsWith(bytes, 0x89, 'H', 'D', 'F')) {
      return Optional.of("an HDF5 file (e.g. a Keras .h5 model)");
    }
    if (startsWith(bytes, 0x93, 'N', 'U', 'M', 'P', 'Y')) {
      return Optional.of("a NumPy .npy array");
    }
    if (isOnnx(bytes)) {
      return Optional.of("an ONNX model (protobuf)");
    }
    int first = firstNonBlank(bytes);
    if (first >= 0 && (bytes[first] == '{' || bytes[first] == '[') && isText(bytes, 8)) {
      return Optional.of("JSON text");
    }
    return Optional.empty();
  }

  /** The one-line message for a recognised foreign file. */
  static String message(String what) {
    return "not a safetensors file: it is " + what + "; save the weights with " + SAVE_CALL;
  }

  /**
   * ONNX's ModelProto starts with field 1 (ir_version, a small varint: tag 0x08) followed by
   * another length-delimited field (producer_name, graph, opset_import, ...).
   */
  private static boolean isOnnx(byte[] bytes) {
    return bytes.length > 3 && bytes[0] == 0x08 && bytes[1] > 0 && bytes[1] < 32 && bytes[3] != 0
        && switch (bytes[2]) {
          case 0x12, 0x1a, 0x22, 0x2a, 0x32, 0x3a, 0x42 -> true;
          default -> false;
        };
  }

  /** Whether the first {@code count} bytes (or all, if fewer) are printable ASCII or whitespace. */
  private static boolean isText(byte[] bytes, int count) {
    for (int i = 0; i < Math.min(count, bytes.length); i++) {
      if (bytes[i] < 0x20 && !Character.isWhitespace(bytes[i]) || bytes[i] == 0x7f || bytes[i] < 0) {
        return false;
      }
    }
    return true;
  }

  private static int firstNonBlank(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if (!Character.isWhitespace(bytes[i])) {
        return i;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xff) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
