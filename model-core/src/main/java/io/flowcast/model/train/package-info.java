/**
 * Training core: sequence forward with a tape and backpropagation through time in double
 * precision ({@link io.flowcast.model.train.DoubleNetwork}, the reference that gradient checks
 * hold), losses ({@link io.flowcast.model.train.Loss}), optimisers ({@link
 * io.flowcast.model.train.Sgd}, {@link io.flowcast.model.train.Adam}), gradient clipping, dropout
 * between layers, weight initialisation and two trainers behind {@link
 * io.flowcast.model.train.BatchTrainer}: the float64 {@link io.flowcast.model.train.Trainer} and
 * the float32, vectorised {@link io.flowcast.model.train.FloatTrainer} for fine-tuning (its BPTT
 * in {@code FloatNetwork}: gate-major float buffers, blocked FMA matmuls with the Vector API or
 * plain Java, the cells' equations as in the float64 cells, the step engine's activations).
 *
 * <p>All public tensors are row-major {@code double[]}; sequences are {@link
 * io.flowcast.model.train.Tensor3} laid out {@code [T][B][width]} (time major, like PyTorch's
 * {@code batch_first=False}). The forward pass doubles as the project's float64 reference path.
 */
package io.flowcast.model.train;
