package io.flowcast.flink.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The TCP sockets this JVM listens on, as Linux reports them ({@code /proc/self/net/tcp} and
 * {@code tcp6}, matched to this process's descriptors by inode): whatever opened them, the JDK,
 * Netty, Kafka or Flink, so nothing escapes the count.
 */
final class ListeningSockets {
  private static final String LISTEN = "0A";
  /** 127.0.0.1, ::1 and ::ffff:127.0.0.1, each 32-bit word in the kernel's (little-endian) order. */
  private static final Set<String> LOOPBACK = Set.of(
      "0100007F", "00000000000000000000000001000000", "0000000000000000FFFF00000100007F");

  private ListeningSockets() {}

  /** Whether this platform reports them ({@code /proc} as on Linux). */
  static boolean supported() {
    return Files.isReadable(Path.of("/proc/self/net/tcp")) && Files.isDirectory(Path.of("/proc/self/fd"));
  }

  /** Every listening socket of this process as {@code address:port}, the address in hex as the kernel writes it. */
  static Set<String> ofThisProcess() {
    Set<String> inodes = socketInodes();
    return Stream.of("/proc/self/net/tcp", "/proc/self/net/tcp6")
        .flatMap(ListeningSockets::lines)
        .map(line -> line.trim().split("\\s+"))
        .filter(fields -> fields.length > 9 && fields[3].equals(LISTEN) && inodes.contains(fields[9]))
        .map(fields -> fields[1])
        .collect(Collectors.toSet());
  }

  /** Whether {@code socket} (from {@link #ofThisProcess()}) is bound to 127.0.0.1 or ::1 only. */
  static boolean isLoopback(String socket) {
    return LOOPBACK.contains(socket.substring(0, socket.indexOf(':')));
  }

  private static Stream<String> lines(String file) {
    try {
      List<String> lines = Files.readAllLines(Path.of(file));
      return lines.stream().skip(1); // the header
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> socketInodes() {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      fds.forEach(fd -> {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring("socket:[".length(), target.length() - 1));
          }
        } catch (IOException e) {
          // closed between listing and reading: not listening any more
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return inodes;
  }
}
