/**
 * Benchmark harnesses: run with {@code ./vigil bench NAME}; results are written into the README.
 */
package dev.vigil.benchmarks;
