package io.flowcast.flink.forecast;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the ForecastOperator's state fixture of the current format; skipped unless asked:
 *
 * <pre>
 *   mvn -B -o -pl flink-operators -am test -Dtest=StateFixtureGenerator \
 *       -Dsurefire.failIfNoSpecifiedTests=false -Dflowcast.state-fixture=forecast-state-v3
 * </pre>
 *
 * writes {@code forecast-state-v3.snapshot} and {@code .expected} into
 * {@code flink-operators/src/test/resources/state-fixtures/}. Write a new fixture for each new
 * format version (never overwrite a committed one: it stands for the savepoints users have).
 */
class StateFixtureGenerator {
  @Test
  @EnabledIfSystemProperty(named = "flowcast.state-fixture", matches = "[a-z0-9-]+")
  void writeFixture() throws Exception {
    StateFixtures.write(Path.of("src", "test", "resources", "state-fixtures"),
        System.getProperty("flowcast.state-fixture"));
  }
}
