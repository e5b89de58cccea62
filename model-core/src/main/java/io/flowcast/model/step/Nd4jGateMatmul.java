package io.flowcast.model.step;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Matmul through ND4J's {@code gemm} (OpenBLAS with nd4j-native, cuBLAS with the {@code cuda}
 * profile's nd4j-cuda). The weights and the input/output matrices are allocated once at the
 * stepper's maximum batch; each call copies the rows in and runs one gemm on the first {@code
 * batch} rows (views kept until the batch size changes), and {@link #gates} copies each key's gates
 * straight from the output's buffer into the tile blocks. ND4J pays a fixed cost of tens of
 * microseconds per call, so this engine pays off only for large batches.
 */
final class Nd4jGateMatmul implements GateMatmul {
  private final List<INDArray> weights = new ArrayList<>();
  private final List<INDArray> inputs = new ArrayList<>();
  private final List<INDArray> outputs = new ArrayList<>();
  private final List<PackedLayer> layers;
  private final INDArray[] inputRows;
  private final INDArray[] outputRows;
  private int viewBatch;
  private FloatBuffer gateBuffer;

  Nd4jGateMatmul(List<PackedLayer> layers, int maxBatch) {
    this.layers = layers;
    for (PackedLayer layer : layers) {
      weights.add(Nd4j.create(layer.toRowMajor(), new long[] {layer.rows, layer.columns}, 'c'));
      inputs.add(Nd4j.create(DataType.FLOAT, new long[] {maxBatch, layer.rows}, 'c'));
      outputs.add(Nd4j.create(DataType.FLOAT, new long[] {maxBatch, layer.columns}, 'c'));
    }
    this.inputRows = new INDArray[layers.size()];
    this.outputRows = new INDArray[layers.size()];
    selectRows(maxBatch);
  }

  /** Points the gemm operands at the first {@code batch} rows (views are cached per batch size). */
  private void selectRows(int batch) {
    for (int layer = 0; layer < layers.size(); layer++) {
      inputRows[layer] = inputs.get(layer).get(NDArrayIndex.interval(0, batch), NDArrayIndex.all());
      outputRows[layer] = outputs.get(layer).get(NDArrayIndex.interval(0, batch), NDArrayIndex.all());
    }
    viewBatch = batch;
  }

  @Override
  public void multiply(int batch, int layer, float[] xh) {
    INDArray input = inputs.get(layer);
    INDArray output = outputs.get(layer);
    int inputLength = batch * (int) input.size(1);
    input.data().asNioFloat().put(xh, 0, inputLength);
    Nd4j.getAffinityManager().tagLocation(input, AffinityManager.Location.HOST);
    if (batch != viewBatch) {
      selectRows(batch);
    }
    Nd4j.gemm(inputRows[layer], weights.get(layer), outputRows[layer], false, false, 1.0, 0.0);
    Nd4j.getAffinityManager().ensureLocation(output, AffinityManager.Location.HOST);
    gateBuffer = output.data().asNioFloat();
  }

  @Override
  public void gates(int first, int keys, int layer, float[] xh, float[][] blocks) {
    PackedLayer packed = layers.get(layer);
    int hidden = packed.hiddenSize;
    for (int slot = 0; slot < keys; slot++) {
      int row = (first + slot) * packed.columns;
      for (int q = 0; q < packed.blocks; q++) {
        gateBuffer.get(row + q * hidden, blocks[q], slot * hidden, hidden);
      }
    }
  }
}
