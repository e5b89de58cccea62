package io.flowcast.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH settings shared by the step benchmarks (inherited by subclasses): average time per call in
 * microseconds, one fork, short iterations. {@code compare-step} passes its own iteration counts;
 * these are the defaults for a bare JMH run. Native thread counts come from the environment
 * ({@code OMP_NUM_THREADS}, see {@link StepShapes#nativeThreads()}). The forks run with the Vector
 * API module, so the JAVA backend is the vector engine; {@code -jvmArgs "-Xms2g -Xmx2g"} on the
 * JMH command line replaces these arguments and measures the plain-Java fallback.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g", "-Dai.djl.offline=true", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public abstract class StepBenchmarkSettings {}
