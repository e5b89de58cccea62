package io.flowcast.flink.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.cli.FlowcastCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The dashboard command's options; serving is {@link DashboardServerITCase}. */
class DashboardCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = FlowcastCli.newCommandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--port 70000  | --port must be in [0, 65535], got 70000",
      "--history 0   | --history must be >= 1, got 0"})
  void badOptionsExitWithTwo(String args, String problem) {
    assertThat(run(("dashboard " + args).split(" "))).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("flowcast: " + problem + System.lineSeparator());
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aPortInUseExitsWithTwo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(run("dashboard", "--kafka.bootstrap-servers", "127.0.0.1:1", "--port",
          Integer.toString(taken.getLocalPort()))).isEqualTo(2);
      assertThat(err.toString()).startsWith("flowcast: cannot serve on 127.0.0.1:" + taken.getLocalPort() + ": ");
    }
  }
}
