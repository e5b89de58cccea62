/**
 * Double-precision training core: sequence forward with a tape and backpropagation through time
 * ({@link io.flowcast.model.train.DoubleNetwork}), losses ({@link io.flowcast.model.train.Loss}),
 * optimisers ({@link io.flowcast.model.train.Sgd}, {@link io.flowcast.model.train.Adam}), gradient
 * clipping, dropout between layers, weight initialisation and the {@link
 * io.flowcast.model.train.Trainer} facade.
 *
 * <p>All tensors are row-major {@code double[]}; sequences are {@link
 * io.flowcast.model.train.Tensor3} laid out {@code [T][B][width]} (time major, like PyTorch's
 * {@code batch_first=False}). The forward pass doubles as the project's float64 reference path.
 */
package io.flowcast.model.train;
