/**
 * The streaming benchmark harness ({@code ./vigil bench streaming}): ingestion ceiling, end-to-end
 * throughput, produce-to-decision latency, state size and heap over a soak, inference share, and
 * the native Flink peer, written to {@code benchmarks/RESULTS.md}.
 */
package dev.vigil.benchmarks.streaming;
