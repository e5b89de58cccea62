package io.flowcast.flink.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.cli.CapturedRun;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The dashboard command's options; serving is {@link DashboardServerITCase}. */
class DashboardCommandTest {
  private final CapturedRun flowcast = new CapturedRun();

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--port 70000  | --port must be in [0, 65535], got 70000",
      "--history 0   | --history must be >= 1, got 0",
      "--kafka.properties.acks 0 | kafka.properties.acks does not pass through: only Kafka's security settings do "
          + "(security.protocol, security.providers, sasl.*, ssl.*)",
      "--bootstrap-server b:9092 | unknown option '--bootstrap-server'"})
  void badOptionsExitWithTwo(String args, String problem) {
    assertThat(flowcast.execute(("dashboard " + args).split(" "))).isEqualTo(2);
    assertThat(flowcast.err()).isEqualTo("flowcast: " + problem + System.lineSeparator());
    assertThat(flowcast.out()).isEmpty();
  }

  @Test
  void aPortInUseExitsWithTwo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(flowcast.execute("dashboard", "--kafka.bootstrap-servers", "127.0.0.1:1", "--port",
          Integer.toString(taken.getLocalPort()))).isEqualTo(2);
      assertThat(flowcast.err()).startsWith("flowcast: cannot serve on 127.0.0.1:" + taken.getLocalPort() + ": ");
    }
  }
}
