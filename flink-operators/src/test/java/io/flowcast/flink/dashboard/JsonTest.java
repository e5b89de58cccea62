package io.flowcast.flink.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void escapesStringsSoThatAnIdCannotBreakTheJsonOrThePage() {
    assertThat(Json.string(new StringBuilder(), "a\"b\\c\n\u0001</script>").toString())
        .isEqualTo("\"a\\\"b\\\\c\\n\\u0001\\u003c/script\\u003e\"");
  }

  @Test
  void writesNullForNumbersJsonHasNot() {
    assertThat(Json.number(new StringBuilder(), Double.NaN).toString()).isEqualTo("null");
    assertThat(Json.number(new StringBuilder(), Float.POSITIVE_INFINITY).toString()).isEqualTo("null");
    assertThat(Json.number(new StringBuilder(), 3.0).toString()).isEqualTo("3");
    assertThat(Json.number(new StringBuilder(), 0.1f).toString()).isEqualTo("0.1");
  }
}
