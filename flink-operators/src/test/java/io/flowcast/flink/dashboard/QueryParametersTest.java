package io.flowcast.flink.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class QueryParametersTest {
  @Test
  void decodesRepeatedNamesInOrder() {
    QueryParameters query = new QueryParameters(URI.create("/events?sensor=a%20b&x=1&sensor=c%26d&sensor"));
    assertThat(query.all("sensor")).containsExactly("a b", "c&d", "");
    assertThat(query.first("x", "none")).isEqualTo("1");
    assertThat(query.first("y", "none")).isEqualTo("none");
  }

  @Test
  void anIntOutOfRangeOrNotANumberFallsBack() {
    QueryParameters query = new QueryParameters(URI.create("/api/sensors?limit=500&a=x&b=7"));
    assertThat(query.intIn("limit", 200, 50)).isEqualTo(50);
    assertThat(query.intIn("a", 200, 50)).isEqualTo(50);
    assertThat(query.intIn("b", 200, 50)).isEqualTo(7);
    assertThat(new QueryParameters(URI.create("/")).all("sensor")).isEmpty();
  }
}
