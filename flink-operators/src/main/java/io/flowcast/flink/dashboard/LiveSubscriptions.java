package io.flowcast.flink.dashboard;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Which browser follows which sensors: the feed publishes a sensor's new window only to the
 * {@link Follower}s of that sensor, and builds the event only when someone follows it. Each
 * follower has a bounded queue; one that falls that far behind is dropped (its browser reconnects
 * and starts again from the history), so that a slow browser never holds the feed up. Thread-safe.
 */
final class LiveSubscriptions {
  /** Events a follower may lag behind before it is dropped. */
  static final int QUEUE_CAPACITY = 4096;

  private final Map<String, Set<Follower>> bySensor = new ConcurrentHashMap<>();

  /** Starts following {@code sensorIds}; the caller must {@link #remove} it when done. */
  Follower add(List<String> sensorIds) {
    Follower follower = new Follower(List.copyOf(sensorIds));
    for (String id : follower.sensorIds) {
      bySensor.computeIfAbsent(id, key -> ConcurrentHashMap.newKeySet()).add(follower);
    }
    return follower;
  }

  void remove(Follower follower) {
    for (String id : follower.sensorIds) {
      bySensor.computeIfPresent(id, (key, followers) -> {
        followers.remove(follower);
        return followers.isEmpty() ? null : followers;
      });
    }
  }

  /** Hands the event built by {@code event} to every follower of {@code sensorId}, if there is one. */
  void publish(String sensorId, Supplier<String> event) {
    Set<Follower> followers = bySensor.get(sensorId);
    if (followers == null || followers.isEmpty()) {
      return;
    }
    String data = event.get();
    for (Follower follower : followers) {
      follower.offer(data);
    }
  }

  /** Sensors followed by at least one browser. */
  int followedSensors() {
    return bySensor.size();
  }

  /** One browser's stream: the sensors it follows and the events waiting to be sent to it. */
  static final class Follower {
    private final List<String> sensorIds;
    private final BlockingQueue<String> events = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private volatile boolean overflowed;

    private Follower(List<String> sensorIds) {
      this.sensorIds = sensorIds;
    }

    List<String> sensorIds() {
      return sensorIds;
    }

    private void offer(String event) {
      if (!events.offer(event)) {
        overflowed = true;
      }
    }

    /** The next event, or null after {@code timeoutMillis}. */
    String poll(long timeoutMillis) throws InterruptedException {
      return events.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** The next event if one is waiting, else null. */
    String pollNow() {
      return events.poll();
    }

    /** Whether events were lost because the browser fell too far behind. */
    boolean overflowed() {
      return overflowed;
    }
  }
}
