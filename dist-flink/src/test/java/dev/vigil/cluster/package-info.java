/** Tests of the Flink job jar on a real Flink session cluster. */
package dev.vigil.cluster;
