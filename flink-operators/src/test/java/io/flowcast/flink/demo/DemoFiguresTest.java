package io.flowcast.flink.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoFiguresTest {

  private static DemoFigures figures(int injected, int detected, double mae, double maePersistence) {
    return new DemoFigures(1000, 100, injected, detected, detected, 50, mae, maePersistence);
  }

  @Test
  void theBarNeedsBetterThanPersistenceAndHalfTheAnomaliesDetected() {
    assertThat(figures(10, 5, 3.6, 4.6).meetsDemoBar()).isTrue();
    assertThat(figures(10, 4, 3.6, 4.6).meetsDemoBar()).isFalse();
    assertThat(figures(10, 10, 4.6, 4.6).meetsDemoBar()).isFalse();
    assertThat(figures(10, 10, Double.NaN, Double.NaN).meetsDemoBar()).isFalse();
  }
}
