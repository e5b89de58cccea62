package io.flowcast.flink.cli;

import java.util.concurrent.CompletableFuture;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT (Ctrl-C) as a future instead of the JVM's default exit, so that
 * {@code flowcast job} can stop its job with a savepoint before it exits. Uses {@code
 * sun.misc.Signal} (module {@code jdk.unsupported}): a shutdown hook would race Flink's own hooks,
 * which tear the mini cluster down while the savepoint is being taken.
 */
final class StopSignals {
  private StopSignals() {}

  /** A future completed with the signal's name on the first SIGTERM or SIGINT. */
  static CompletableFuture<String> install() {
    CompletableFuture<String> stop = new CompletableFuture<>();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> stop.complete("SIG" + signal.getName()));
    }
    return stop;
  }
}
