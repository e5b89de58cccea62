/**
 * Float32 inference: the batched incremental step that the Flink operator calls once per bundle of
 * keys ({@link io.flowcast.model.step.BatchStepper}), and the sequence forward built on it ({@link
 * io.flowcast.model.step.RecurrentNetwork#forward}).
 *
 * <p>States live in caller-owned flat {@code float[]} buffers ({@link
 * io.flowcast.model.step.StateLayout}). Weights are packed per layer into one [1 + I + H, N]
 * matrix with the biases as its first row ({@code PackedLayer}); a step engine ({@link
 * io.flowcast.model.step.StepEngine}, by name from {@link io.flowcast.model.step.StepEngines})
 * chooses each layer's {@link io.flowcast.model.step.LayerStep} once: a matmul that turns each
 * key's {@code [1, x, h]} into gate pre-activations followed by a cell kernel ({@code RnnKernel},
 * {@code LstmKernel}, {@code GruKernel}, where the equations are written) over tiles of keys, or
 * one fused pass. The Java engine is built in; ND4J and CUDA engines are plug-ins in their own
 * modules. The float64
 * training path in {@code io.flowcast.model.train} implements the same equations in double with a
 * tape for backpropagation; the golden, libtorch and DL4J parity tests hold both to the same
 * reference.
 */
package io.flowcast.model.step;
