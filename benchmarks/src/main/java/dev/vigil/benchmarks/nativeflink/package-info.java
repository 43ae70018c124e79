/**
 * The peer a user would pick instead of Vigil: the same work as a hand-written Flink 1.19
 * DataStream job, for side-by-side benchmarks.
 */
package dev.vigil.benchmarks.nativeflink;
