package io.flowcast.benchmarks;

import io.flowcast.flink.ingest.Reading;
import io.flowcast.flink.ingest.ReadingDeserializationSchema;
import io.flowcast.schemas.DeadLetter;
import java.io.IOException;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.serialization.DeserializationSchema.InitializationContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The job's {@link ReadingDeserializationSchema} with one injected failure: once the source
 * subtasks together have read {@code failAfter} records, the next one throws, which fails the
 * task and makes Flink restart the job from its last completed checkpoint. The count and the
 * failure are static, because the subtasks of a local MiniCluster share this JVM: the replay after
 * the restart does not fail again. One run at a time ({@link #reset} before each).
 */
final class FailingReadingDeserializer implements KafkaRecordDeserializationSchema<Either<DeadLetter, Reading>> {
  private static final long serialVersionUID = 1L;
  private static final AtomicLong READ = new AtomicLong();
  private static final AtomicLong FAILED_AT = new AtomicLong(-1);

  private final ReadingDeserializationSchema delegate;
  private final long failAfter;

  /**
   * @param delegate the job's deserializer
   * @param failAfter records read before the failure; {@link Long#MAX_VALUE} never fails
   */
  FailingReadingDeserializer(ReadingDeserializationSchema delegate, long failAfter) {
    this.delegate = delegate;
    this.failAfter = failAfter;
  }

  /** Forgets the previous run's count and failure. */
  static void reset() {
    READ.set(0);
    FAILED_AT.set(-1);
  }

  /** When (epoch ms) the failure was thrown, if it was. */
  static OptionalLong failedAt() {
    long at = FAILED_AT.get();
    return at < 0 ? OptionalLong.empty() : OptionalLong.of(at);
  }

  @Override
  public void open(InitializationContext context) throws Exception {
    delegate.open(context);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Either<DeadLetter, Reading>> out)
      throws IOException {
    if (READ.incrementAndGet() > failAfter && FAILED_AT.compareAndSet(-1, System.currentTimeMillis())) {
      throw new IllegalStateException("injected failure after " + failAfter + " readings");
    }
    delegate.deserialize(record, out);
  }

  @Override
  public TypeInformation<Either<DeadLetter, Reading>> getProducedType() {
    return delegate.getProducedType();
  }
}
