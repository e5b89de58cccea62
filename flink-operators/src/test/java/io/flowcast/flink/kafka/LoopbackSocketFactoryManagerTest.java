package io.flowcast.flink.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import org.junit.jupiter.api.Test;

class LoopbackSocketFactoryManagerTest {
  @Test
  void bindsEachListenerOnceOnTheLoopbackAddress() throws Exception {
    LoopbackSocketFactoryManager manager = new LoopbackSocketFactoryManager();
    try {
      int port = manager.getOrCreatePortForListener(0, "EXTERNAL");
      assertThat(manager.getOrCreatePortForListener(0, "EXTERNAL")).isEqualTo(port);
      assertThat(manager.getOrCreatePortForListener(1, "EXTERNAL")).isNotEqualTo(port);
      InetSocketAddress bound = (InetSocketAddress) manager.getSocketForListenerAndMarkAsUsed(0, "EXTERNAL")
          .getLocalAddress();
      assertThat(bound.getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
      assertThat(bound.getPort()).isEqualTo(port);
    } finally {
      manager.close();
    }
  }

  @Test
  void closingClosesTheSocketsNoNodeTookAndRefusesNewOnes() throws Exception {
    LoopbackSocketFactoryManager manager = new LoopbackSocketFactoryManager();
    manager.getOrCreatePortForListener(0, "CONTROLLER");
    int untakenPort = manager.getOrCreatePortForListener(0, "EXTERNAL");
    try (ServerSocketChannel taken = manager.getSocketForListenerAndMarkAsUsed(0, "CONTROLLER")) {
      manager.close();

      assertThat(taken.isOpen()).as("a socket a node took is the node's to close").isTrue();
      try (ServerSocketChannel rebound = ServerSocketChannel.open()) {
        rebound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), untakenPort)); // free again
      }
      assertThatIllegalStateException().isThrownBy(() -> manager.getOrCreatePortForListener(1, "EXTERNAL"))
          .withMessage("the listener socket manager is closed");
    }
  }
}
