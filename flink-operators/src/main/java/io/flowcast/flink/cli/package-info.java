/**
 * The {@code flowcast} command line of {@code bin/flowcast} (picocli): {@code model} from
 * model-core, {@code train}, {@code evaluate} and {@code demo} from the demo package, and
 * {@code job}, the Flowcast job on an in-process Flink.
 */
package io.flowcast.flink.cli;
