package io.flowcast.engine.nd4j;

import io.flowcast.model.step.BatchMatmul;
import io.flowcast.model.step.PackedLayer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One layer's matmul through ND4J's {@code gemm}. The weights and the input/output matrices are
 * allocated once at the stepper's maximum batch; each call copies the rows in and runs one gemm on
 * the first {@code batch} rows (views kept until the batch size changes) and hands back the
 * output's buffer, from which {@link io.flowcast.model.step.GemmLayerStep} copies each tile's gates.
 */
final class Nd4jBatchMatmul implements BatchMatmul {
  private final INDArray weights;
  private final INDArray input;
  private final INDArray output;
  private final FloatBuffer inputBuffer;
  private final FloatBuffer outputBuffer;
  private final int rows;
  private INDArray inputRows;
  private INDArray outputRows;
  private int viewBatch;

  Nd4jBatchMatmul(PackedLayer layer, int maxBatch) {
    this.rows = layer.rows();
    this.weights = Nd4j.create(layer.toRowMajor(), new long[] {layer.rows(), layer.columns()}, 'c');
    this.input = Nd4j.create(DataType.FLOAT, new long[] {maxBatch, layer.rows()}, 'c');
    this.output = Nd4j.create(DataType.FLOAT, new long[] {maxBatch, layer.columns()}, 'c');
    this.inputBuffer = input.data().asNioFloat();
    this.outputBuffer = output.data().asNioFloat();
    selectRows(maxBatch);
  }

  /** Points the gemm operands at the first {@code batch} rows (views are cached per batch size). */
  private void selectRows(int batch) {
    inputRows = input.get(NDArrayIndex.interval(0, batch), NDArrayIndex.all());
    outputRows = output.get(NDArrayIndex.interval(0, batch), NDArrayIndex.all());
    viewBatch = batch;
  }

  @Override
  public FloatBuffer multiply(int batch, float[] xh) {
    inputBuffer.put(0, xh, 0, batch * rows);
    if (batch != viewBatch) {
      selectRows(batch);
    }
    Nd4j.gemm(inputRows, weights, outputRows, false, false, 1.0, 0.0);
    return outputBuffer;
  }

  @Override
  public void close() {
    weights.close();
    input.close();
    output.close();
  }
}
