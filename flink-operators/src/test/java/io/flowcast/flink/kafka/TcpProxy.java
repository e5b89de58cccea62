package io.flowcast.flink.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a fixed loopback port, to make a broker unreachable and reachable again
 * without stopping it ({@link EmbeddedKafka#startAdvertising}): Kafka's test kit cannot restart
 * a broker on the same port, but clients only ever see this port. {@link #cut()} closes the port
 * and every connection through it, as a broker that went away does (connection refused);
 * {@link #restore()} listens again on the same port.
 */
public final class TcpProxy implements AutoCloseable {
  private final int port;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private volatile InetSocketAddress target;
  private volatile ServerSocket listener;

  private TcpProxy(ServerSocket listener) {
    this.listener = listener;
    this.port = listener.getLocalPort();
  }

  /** Listens on a free loopback port; connections are refused until {@link #forwardTo} names the target. */
  public static TcpProxy open() throws IOException {
    TcpProxy proxy = new TcpProxy(bind(0));
    proxy.accept(proxy.listener);
    return proxy;
  }

  /** The port it listens on, now and after every {@link #restore()}. */
  public int port() {
    return port;
  }

  /** Where every connection accepted from now on goes. */
  public void forwardTo(String hostAndPort) {
    int colon = hostAndPort.lastIndexOf(':');
    target = new InetSocketAddress(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
  }

  /**
   * Closes the port and every connection through it.
   *
   * @return how many client connections it dropped
   */
  public synchronized int cut() throws IOException {
    listener.close();
    int dropped = connections.size() / 2;
    for (Socket socket : connections) {
      socket.close();
    }
    connections.clear();
    return dropped;
  }

  /** Listens on the port again. */
  public synchronized void restore() throws IOException {
    listener = bind(port);
    accept(listener);
  }

  private static ServerSocket bind(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return socket;
  }

  private void accept(ServerSocket server) {
    daemon("proxy-accept-" + port, () -> {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          if (target == null) {
            client.close();
            continue;
          }
          Socket upstream = new Socket(target.getAddress(), target.getPort());
          connections.add(client);
          connections.add(upstream);
          pump(client, upstream);
          pump(upstream, client);
        } catch (IOException e) {
          // closed by cut(), or the target refused: the client sees its connection fail
        }
      }
    });
  }

  private void pump(Socket from, Socket to) {
    daemon("proxy-pump-" + port, () -> {
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          out.write(buffer, 0, n);
        }
      } catch (IOException e) {
        // one side closed: close both below
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        connections.remove(from);
        connections.remove(to);
      }
    });
  }

  private static void daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    cut();
  }
}
