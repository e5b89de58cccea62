/**
 * Weight files in the safetensors format, without a third-party safetensors library.
 *
 * <ul>
 *   <li>{@link io.flowcast.model.io.ModelFiles}: save and load {@link
 *       io.flowcast.model.ModelParameters} (config in {@link io.flowcast.model.io.ModelMetadata}
 *       keys, or inferred from PyTorch tensor shapes);
 *   <li>{@link io.flowcast.model.io.SafetensorsReader} / {@link
 *       io.flowcast.model.io.SafetensorsWriter}: named {@link io.flowcast.model.io.Tensor}s and a
 *       string metadata map, on paths, streams or byte arrays;
 *   <li>{@link io.flowcast.model.io.WeightFileException}: every content problem, naming the tensor
 *       involved.
 * </ul>
 */
package io.flowcast.model.io;
