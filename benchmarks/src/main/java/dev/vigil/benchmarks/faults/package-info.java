/**
 * The fault harness ({@code ./vigil bench faults}): the streaming job on a real Flink session
 * cluster (one JobManager, two TaskManagers), a real Kafka and a real Cassandra, each fault
 * injected right after a fresh completed checkpoint, every run counted against a fault-free
 * reference run of the same input (lost, duplicated, divergent, Cassandra rows, restarts,
 * recovery), written to {@code benchmarks/FAULTS.md}.
 */
package dev.vigil.benchmarks.faults;
