package io.flowcast.flink.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/** Every option of the job is documented: in its own description and in README's options table. */
class ForecastOptionsDocumentationTest {

  private static List<ConfigOption<?>> options() throws IllegalAccessException {
    List<ConfigOption<?>> options = new ArrayList<>();
    for (Field field : ForecastOptions.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
        options.add((ConfigOption<?>) field.get(null));
      }
    }
    return options;
  }

  @Test
  void everyOptionHasADescriptionAndARowInReadme() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    List<ConfigOption<?>> options = options();
    assertThat(options).hasSizeGreaterThan(30);
    for (ConfigOption<?> option : options) {
      assertThat(option.description().toString()).as(option.key()).isNotBlank();
      assertThat(readme).as("README row for " + option.key()).contains("| `" + option.key() + "` |");
    }
  }
}
