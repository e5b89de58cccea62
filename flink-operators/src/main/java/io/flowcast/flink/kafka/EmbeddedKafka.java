package io.flowcast.flink.kafka;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.plain.PlainLoginModule;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's own in-process KRaft broker: one node that is both broker and controller, with the
 * internal topics (consumer offsets, transaction state) at replication factor 1 so that consumer
 * groups and exactly-once (transactional) sinks work on a single node. Its listeners (broker and
 * controller) bind the loopback address only ({@link LoopbackSocketFactoryManager}). For
 * integration tests and the embedded demo; the data lives in a temporary directory that
 * {@link #close()} deletes.
 *
 * <p>Needs Kafka's server jars ({@code kafka_2.13}, {@code kafka-server},
 * {@code kafka-test-common-runtime}) on the classpath; the job does not bundle them.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  /** The longest {@link #createTopics} waits for the broker to show new topics. */
  static final Duration TOPIC_WAIT = Duration.ofSeconds(30);
  private final KafkaClusterTestKit cluster;
  private final KafkaSecurity clientSecurity;

  private EmbeddedKafka(KafkaClusterTestKit cluster, KafkaSecurity clientSecurity) {
    this.cluster = cluster;
    this.clientSecurity = clientSecurity;
  }

  /**
   * Formats the storage of a fresh single-node cluster, starts it and waits until the broker
   * accepts clients (plaintext, unauthenticated).
   *
   * @throws IllegalStateException if the cluster does not come up (it is shut down again)
   */
  public static EmbeddedKafka start() {
    return start(SecurityProtocol.PLAINTEXT, KafkaSecurity.NONE, Map.of());
  }

  /**
   * As {@link #start()}, but the broker tells clients that it is at {@code 127.0.0.1:port} (its
   * advertised listener), where something else listens and forwards to {@link #bootstrapServers()}:
   * a proxy that a test closes to make the broker unreachable and opens again, while the broker
   * and its data live on. A client bootstraps at either address; every later connection, the
   * broker's own to itself included, goes through the proxy.
   */
  public static EmbeddedKafka startAdvertising(int port) {
    return start(SecurityProtocol.PLAINTEXT, KafkaSecurity.NONE,
        Map.of("advertised.listeners", "EXTERNAL://127.0.0.1:" + port));
  }

  /**
   * As {@link #start()}, with SASL_PLAINTEXT listeners (clients and controller) of mechanism PLAIN that know one
   * user, {@value JaasUtils#KAFKA_PLAIN_ADMIN} (a super user: no ACLs needed), whose settings
   * {@link #clientSecurity()} gives. For tests of Kafka security; Kafka's test kit points the
   * JVM's {@code java.security.auth.login.config} at the broker's JAAS file.
   */
  public static EmbeddedKafka startWithSaslPlain() {
    return start(SecurityProtocol.SASL_PLAINTEXT, KafkaSecurity.of(Map.of(
        "security.protocol", SecurityProtocol.SASL_PLAINTEXT.name,
        "sasl.mechanism", "PLAIN",
        "sasl.jaas.config", PlainLoginModule.class.getName() + " required username=\"" + JaasUtils.KAFKA_PLAIN_ADMIN
            + "\" password=\"" + JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD + "\";")), Map.of());
  }

  private static EmbeddedKafka start(SecurityProtocol protocol, KafkaSecurity clientSecurity,
      Map<String, String> brokerSettings) {
    KafkaClusterTestKit cluster;
    try {
      KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(
          new TestKitNodes.Builder()
              .setCombined(true)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1)
              .setBrokerSecurityProtocol(protocol)
              .setControllerSecurityProtocol(protocol)
              .build())
          .setConfigProp("offsets.topic.replication.factor", "1")
          .setConfigProp("transaction.state.log.replication.factor", "1")
          .setConfigProp("transaction.state.log.min.isr", "1")
          .setConfigProp("group.initial.rebalance.delay.ms", "0");
      brokerSettings.forEach(builder::setConfigProp);
      cluster = LoopbackSocketFactoryManager.installInto(builder).build();
    } catch (Exception e) {
      throw new IllegalStateException("could not configure the embedded Kafka cluster", e);
    }
    try {
      formatOffStdout(cluster);
      cluster.startup();
      cluster.waitForReadyBrokers();
    } catch (Exception e) {
      closeQuietly(cluster, e);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("could not start the embedded Kafka cluster", e);
    }
    return new EmbeddedKafka(cluster, clientSecurity);
  }

  /** The {@code bootstrap.servers} value for clients of this broker. */
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** The security settings a client of this broker needs ({@link KafkaSecurity#NONE}: plaintext). */
  public KafkaSecurity clientSecurity() {
    return clientSecurity;
  }

  /** Creates topics of one partition each. */
  public void createTopics(String... names) {
    createTopics(1, names);
  }

  /**
   * Creates topics with {@code partitions} partitions each and waits until the broker has them.
   * The controller's acknowledgement comes before the broker's metadata has caught up, so the wait
   * polls until the broker describes every topic with all its partitions (at most
   * {@link #TOPIC_WAIT}).
   *
   * @throws IllegalStateException if the broker refuses one (for example, it exists already) or
   *     does not show them in time
   */
  public void createTopics(int partitions, String... names) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    List<NewTopic> topics = Arrays.stream(names).map(name -> new NewTopic(name, partitions, (short) 1)).toList();
    try (Admin admin = Admin.create(
        clientSecurity.applyTo(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers())))) {
      admin.createTopics(topics).all().get();
      awaitTopics(admin, List.of(names), partitions);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not create topics " + Arrays.toString(names), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics " + Arrays.toString(names), e);
    }
  }

  private static void awaitTopics(Admin admin, List<String> names, int partitions)
      throws InterruptedException {
    long deadline = System.nanoTime() + TOPIC_WAIT.toNanos();
    while (true) {
      try {
        Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
        if (described.values().stream().allMatch(topic -> topic.partitions().size() == partitions)) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new IllegalStateException("could not describe topics " + names, e.getCause());
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the broker did not show topics " + names + " within " + TOPIC_WAIT);
      }
      Thread.sleep(50);
    }
  }

  /** Stops the broker and deletes its data. */
  @Override
  public void close() throws Exception {
    cluster.close();
  }

  /**
   * Formats the storage. Kafka's formatter reports on {@code System.out}, which belongs to the
   * commands (the demo prints its progress there), so its report goes to this class's log (info)
   * instead.
   */
  private static void formatOffStdout(KafkaClusterTestKit cluster) throws Exception {
    PrintStream stdout = System.out;
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    System.setOut(new PrintStream(report, true, StandardCharsets.UTF_8));
    try {
      cluster.format();
    } finally {
      System.setOut(stdout);
      report.toString(StandardCharsets.UTF_8).lines().forEach(line -> LOG.info("{}", line));
    }
  }

  private static void closeQuietly(KafkaClusterTestKit cluster, Exception cause) {
    try {
      cluster.close();
    } catch (Exception e) {
      cause.addSuppressed(e);
    }
  }
}
