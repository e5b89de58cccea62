package io.flowcast.flink.forecast;

import static io.flowcast.flink.forecast.ForecastOperatorHarness.finish;
import static io.flowcast.flink.forecast.ForecastOperatorHarness.open;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Restores the committed keyed-state fixtures ({@link StateFixtures}) with this release's operator
 * and checks that every sensor continues with exactly the forecasts recorded when the fixture was
 * written:
 *
 * <ul>
 *   <li>{@code forecast-state-v1}: state format 1 ({@code long, int n, floats}, no shape), written by
 *       commit 273f1e6 (the release before shapes were recorded) with {@link StateFixtureGenerator}
 *       copied into a checkout of it; its serializer snapshot is the old {@code
 *       SimpleTypeSerializerSnapshot} (version 3), so this is the v1 to v2 migration;
 *   <li>{@code forecast-state-v2}: state format 2 ({@code long, long shape, int n, floats}), layout
 *       version 2;
 *   <li>{@code forecast-state-v3}: state format 2, layout version 3 (with the horizon's interval
 *       calibration, {@code HorizonCalibration});
 *   <li>{@code forecast-state-v3-level}: layout version 3 with level novelty, its warm-up over and
 *       its block at full length (written by commit da37359, the last of version 3, with {@link
 *       StateFixtures} copied into a checkout of it), cut on its first window after the restore;
 *   <li>{@code forecast-state-v3-level-history}: the same with the online correction and training
 *       samples cut, so a window history, which version 3 kept after the level novelty's block and
 *       version 4 before it: the block is moved on restore;
 *   <li>{@code forecast-state-v4-level}: layout version 4 with level novelty, its block cut.
 * </ul>
 *
 * A state of a layout before version 3 gains a fresh horizon calibration on restore, which learns
 * from the windows after it: its intervals beyond one step then differ from what the old release
 * printed (that is the calibration's purpose), so for those fixtures the intervals are compared
 * at the first step only; everything else, and every interval of the version 3 fixture, bit for
 * bit.
 *
 * The fixtures are heap-backend checkpoints (the harness's RocksDB checkpoints point to local files,
 * so they cannot be committed); after the restore the heap backend writes format 2, and that
 * snapshot restores again.
 */
class StateFixtureUpgradeTest {

  private static OperatorSubtaskState fixture(String name) throws Exception {
    URL url = StateFixtureUpgradeTest.class.getResource("/state-fixtures/" + name + ".snapshot");
    assertThat(url).as(name).isNotNull();
    return OperatorSnapshotUtil.readStateHandle(Path.of(url.toURI()).toString());
  }

  private static List<String> expected(String name) throws Exception {
    URL url = StateFixtureUpgradeTest.class.getResource("/state-fixtures/" + name + ".expected");
    return Files.readAllLines(Path.of(url.toURI()), StandardCharsets.UTF_8);
  }

  /** {@code line} with its lower and upper bounds cut to the first step's, for the fixtures of layout versions 1 and 2. */
  private static String comparable(String name, String line) {
    if (!name.equals("forecast-state-v1") && !name.equals("forecast-state-v2")) {
      return line;
    }
    String[] fields = line.split("\t");
    fields[3] = fields[3].replaceAll(",.*]", "]");
    fields[4] = fields[4].replaceAll(",.*]", "]");
    return String.join("\t", fields);
  }

  private static List<String> comparable(String name, List<String> lines) {
    return lines.stream().map(line -> comparable(name, line)).toList();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"forecast-state-v1", "forecast-state-v2", "forecast-state-v3", "forecast-state-v3-level",
      "forecast-state-v3-level-history", "forecast-state-v4-level"})
  void aCommittedFixtureRestoresAndContinuesWithTheRecordedForecasts(String name) throws Exception {
    List<String> expected = comparable(name, expected(name));
    assertThat(expected).hasSize(StateFixtures.SENSORS.length * (StateFixtures.END - StateFixtures.SNAPSHOT_AT));

    OperatorSubtaskState again;
    try (var restored = open(StateFixtures.config(name), fixture(name))) {
      StateFixtures.feed(restored, StateFixtures.SNAPSHOT_AT, StateFixtures.END - 2);
      restored.prepareSnapshotPreBarrier(2);
      again = restored.snapshot(2, 2);
      StateFixtures.feed(restored, StateFixtures.END - 2, StateFixtures.END);
      assertThat(comparable(name, StateFixtures.lines(finish(restored)))).isEqualTo(expected);
    }
    // the state as this release wrote it after the restore (format 2 either way) restores too
    try (var restoredAgain = open(StateFixtures.config(name), again)) {
      StateFixtures.feed(restoredAgain, StateFixtures.END - 2, StateFixtures.END);
      List<String> tail = comparable(name, StateFixtures.lines(finish(restoredAgain)));
      assertThat(tail).isEqualTo(expected.stream()
          .filter(line -> Long.parseLong(line.split("\t")[1]) >= (StateFixtures.END - 2) * ForecastOperatorHarness.WINDOW)
          .toList());
    }
  }
}
