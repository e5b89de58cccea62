package io.flowcast.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.flink.api.common.JobID;

/**
 * Watches a running job through Flink's REST API, every {@code periodMillis} from construction to
 * {@link #close}: its completed checkpoints ({@code GET /jobs/:id/checkpoints}, kept by id, since
 * the API's history holds only the latest {@code web.checkpoints.history}) and whether all its
 * tasks are running or, at the end of the input, finished ({@code GET /jobs/:id}). A poll that
 * fails (the cluster starting or shutting down) is skipped.
 */
final class JobMonitor implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /**
   * One poll of the tasks: at {@code millis} (epoch), whether every task was running or finished,
   * and the earliest start (epoch ms) of their current attempts.
   */
  private record TaskPoll(long millis, boolean allRunning, long earliestStart) {}

  private final String jobUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "job-monitor");
    thread.setDaemon(true);
    return thread;
  });
  private final TreeMap<Long, CompletedCheckpoint> checkpoints = new TreeMap<>();
  private final List<TaskPoll> taskPolls = new ArrayList<>();

  /** @param restUrl the MiniCluster's REST endpoint, e.g. {@code http://127.0.0.1:8081} */
  JobMonitor(String restUrl, JobID job, long periodMillis) {
    this.jobUrl = restUrl + "/jobs/" + job;
    poller.scheduleWithFixedDelay(this::poll, 0, periodMillis, TimeUnit.MILLISECONDS);
  }

  private void poll() {
    try {
      pollTasks();
      pollCheckpoints();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // an answer of another shape: skipped like an unanswered poll (a throw would end the polling)
    }
  }

  private void pollTasks() throws InterruptedException {
    try {
      List<JsonNode> vertices = StreamSupport.stream(get(jobUrl).path("vertices").spliterator(), false).toList();
      boolean allRunning = vertices.stream()
          .map(vertex -> vertex.path("status").asText())
          .allMatch(status -> status.equals("RUNNING") || status.equals("FINISHED"));
      long earliestStart = vertices.stream().mapToLong(vertex -> vertex.path("start-time").asLong()).min().orElse(0);
      synchronized (this) {
        taskPolls.add(new TaskPoll(System.currentTimeMillis(), allRunning, earliestStart));
      }
    } catch (IOException e) {
      // not answering now; the next poll asks again
    }
  }

  private void pollCheckpoints() throws InterruptedException {
    try {
      for (JsonNode checkpoint : get(jobUrl + "/checkpoints").path("history")) {
        if (checkpoint.path("status").asText().equals("COMPLETED") && !checkpoint.path("is_savepoint").asBoolean()) {
          long id = checkpoint.path("id").asLong();
          CompletedCheckpoint completed = new CompletedCheckpoint(id, checkpoint.path("trigger_timestamp").asLong(),
              checkpoint.path("end_to_end_duration").asLong(), checkpoint.path("checkpointed_size").asLong(),
              checkpoint.path("state_size").asLong());
          synchronized (this) {
            checkpoints.put(id, completed);
          }
        }
      }
    } catch (IOException e) {
      // not answering now (e.g. while the job restarts); the next poll asks again
    }
  }

  private JsonNode get(String url) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + url + " answered " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }

  /** The completed checkpoints seen, by id. */
  synchronized List<CompletedCheckpoint> checkpoints() {
    return List.copyOf(checkpoints.values());
  }

  /**
   * When (epoch ms) every task was seen running (or finished) again after {@code failedAt}: the
   * first poll in which all tasks were so, in attempts started after {@code failedAt}.
   */
  synchronized OptionalLong runningAgainAfter(long failedAt) {
    return taskPolls.stream()
        .filter(poll -> poll.allRunning() && poll.earliestStart() > failedAt)
        .mapToLong(TaskPoll::millis)
        .findFirst();
  }

  @Override
  public void close() throws InterruptedException {
    poller.shutdownNow();
    poller.awaitTermination(10, TimeUnit.SECONDS);
  }
}
