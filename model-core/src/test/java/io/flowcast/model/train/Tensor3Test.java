package io.flowcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Tensor3Test {

  @Test
  void isRowMajorWithContiguousSlices() {
    Tensor3 t = Tensor3.of(new double[][][] {{{1, 2, 3}, {4, 5, 6}}, {{7, 8, 9}, {10, 11, 12}}});
    assertThat(t.data()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    assertThat(t.index(1, 0, 2)).isEqualTo(8);
    assertThat(t.get(1, 1, 0)).isEqualTo(10);
    assertThat(t.slice(1)).containsExactly(7, 8, 9, 10, 11, 12);
    t.setSlice(0, new double[] {0, 0, 0, 0, 0, 1});
    assertThat(t.get(0, 1, 2)).isEqualTo(1);
  }

  @Test
  void rejectsMismatchedSizes() {
    assertThatThrownBy(() -> new Tensor3(2, 2, 2, new double[7])).hasMessageContaining("expected [2, 2, 2]");
    assertThatThrownBy(() -> Tensor3.of(new double[][][] {{{1, 2}}, {{1}}})).hasMessageContaining("ragged");
    assertThatThrownBy(() -> Tensor3.zeros(1, 2, 2).setSlice(0, new double[3])).hasMessageContaining("4 values");
  }
}
