package io.flowcast.flink.kafka;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.PreboundSocketFactoryManager;
import org.apache.kafka.server.ServerSocketFactory;

/**
 * The listener sockets of the in-process broker, bound to the loopback address. Kafka's test kit
 * binds each node's listener sockets before the node starts (so that the controller quorum's
 * addresses are known and no other process can take the ports in between), and it binds them on
 * every interface ({@code new InetSocketAddress(0)}) with no setting to change that. This manager
 * binds the same sockets on {@link InetAddress#getLoopbackAddress()} instead; the test kit's own
 * socket factory hands them to the broker and the controller through
 * {@link #getSocketForListenerAndMarkAsUsed}, and a listener that is opened again after its socket
 * was closed binds the configured {@code localhost}, as before.
 *
 * <p>The test kit creates its manager in its builder's constructor and offers no way to pass
 * another, so {@link #installInto} replaces the builder's private field by reflection. A Kafka
 * upgrade that renames it fails {@code EmbeddedKafka.start()} with a clear message, and
 * {@code LoopbackEndpointsITCase} checks what the operating system reports as listening.
 */
final class LoopbackSocketFactoryManager extends PreboundSocketFactoryManager {
  private static final String BUILDER_FIELD = "socketFactoryManager";
  private final Map<Integer, Map<String, ServerSocketChannel>> sockets = new HashMap<>();
  private final Set<ServerSocketChannel> handedOut = new HashSet<>();
  private boolean closed;

  LoopbackSocketFactoryManager() {}

  /** Makes {@code builder} bind every listener socket of its nodes on the loopback address. */
  static KafkaClusterTestKit.Builder installInto(KafkaClusterTestKit.Builder builder) {
    try {
      Field field = KafkaClusterTestKit.Builder.class.getDeclaredField(BUILDER_FIELD);
      field.setAccessible(true);
      ((PreboundSocketFactoryManager) field.get(builder)).close();
      field.set(builder, new LoopbackSocketFactoryManager());
      return builder;
    } catch (Exception e) {
      throw new IllegalStateException("this Kafka test kit has no field " + BUILDER_FIELD
          + " of type PreboundSocketFactoryManager in KafkaClusterTestKit.Builder; the embedded broker"
          + " cannot be kept on the loopback address (LoopbackSocketFactoryManager needs updating)", e);
    }
  }

  @Override
  public synchronized int getOrCreatePortForListener(int node, String listener) throws IOException {
    if (closed) {
      throw new IllegalStateException("the listener socket manager is closed");
    }
    Map<String, ServerSocketChannel> ofNode = sockets.computeIfAbsent(node, id -> new HashMap<>());
    ServerSocketChannel socket = ofNode.get(listener);
    if (socket == null) {
      socket = ServerSocketFactory.INSTANCE.openServerSocket(
          listener, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), -1, -1);
      ofNode.put(listener, socket);
    }
    return ((InetSocketAddress) socket.getLocalAddress()).getPort();
  }

  @Override
  public synchronized ServerSocketChannel getSocketForListenerAndMarkAsUsed(int node, String listener) {
    ServerSocketChannel socket = sockets.getOrDefault(node, Map.of()).get(listener);
    if (socket != null) {
      handedOut.add(socket);
    }
    return socket;
  }

  /**
   * Closes the sockets no node took, every one of them even if one fails (the first failure is
   * thrown, the others suppressed in it); those a node took belong to it and close with it.
   */
  @Override
  public synchronized void close() throws Exception {
    closed = true;
    IOException failure = null;
    for (Map<String, ServerSocketChannel> ofNode : sockets.values()) {
      for (ServerSocketChannel socket : ofNode.values()) {
        if (handedOut.contains(socket)) {
          continue;
        }
        try {
          socket.close();
        } catch (IOException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
    }
    sockets.clear();
    super.close();
    if (failure != null) {
      throw failure;
    }
  }
}
