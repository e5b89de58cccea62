package io.flowcast.flink.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LiveSubscriptionsTest {
  private final LiveSubscriptions subscriptions = new LiveSubscriptions();

  @Test
  void buildsAnEventOnlyForAFollowedSensor() {
    AtomicInteger built = new AtomicInteger();
    subscriptions.publish("nobody", () -> "x" + built.incrementAndGet());
    assertThat(built).hasValue(0);

    LiveSubscriptions.Follower one = subscriptions.add(List.of("a", "b"));
    LiveSubscriptions.Follower two = subscriptions.add(List.of("b"));
    subscriptions.publish("a", () -> "x" + built.incrementAndGet());
    subscriptions.publish("b", () -> "x" + built.incrementAndGet());
    assertThat(built).hasValue(2);
    assertThat(one.pollNow()).isEqualTo("x1");
    assertThat(one.pollNow()).isEqualTo("x2");
    assertThat(two.pollNow()).isEqualTo("x2");
    assertThat(two.pollNow()).isNull();

    subscriptions.remove(one);
    subscriptions.remove(two);
    assertThat(subscriptions.followedSensors()).isZero();
  }

  @Test
  void aFollowerThatFallsTooFarBehindIsMarked() {
    LiveSubscriptions.Follower follower = subscriptions.add(List.of("a"));
    for (int i = 0; i < LiveSubscriptions.QUEUE_CAPACITY; i++) {
      subscriptions.publish("a", () -> "e");
    }
    assertThat(follower.overflowed()).isFalse();
    subscriptions.publish("a", () -> "e");
    assertThat(follower.overflowed()).isTrue();
  }
}
