/** The {@code flowcast} command line (picocli): {@code flowcast model run}. */
package io.flowcast.model.cli;
