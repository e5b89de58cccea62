/**
 * Weight files in the safetensors format, without a third-party safetensors library.
 *
 * <ul>
 *   <li>{@link io.flowcast.model.io.ModelFiles}: save and load {@link
 *       io.flowcast.model.ModelParameters} (config in {@link io.flowcast.model.io.ModelMetadata}
 *       keys, or inferred from PyTorch tensor shapes), finding the recurrent block and the head of
 *       a user's state_dict under their module prefixes; {@link
 *       io.flowcast.model.io.WeightFileOptions} settles what the file leaves open (prefixes, an
 *       {@code nn.RNN}'s {@link io.flowcast.model.io.Nonlinearity});
 *   <li>{@link io.flowcast.model.io.SafetensorsReader} / {@link
 *       io.flowcast.model.io.SafetensorsWriter}: named {@link io.flowcast.model.io.Tensor}s and a
 *       string metadata map, on paths, streams or byte arrays;
 *   <li>{@link io.flowcast.model.io.WeightFileException}: every content problem, naming the tensor
 *       involved.
 * </ul>
 */
package io.flowcast.model.io;
