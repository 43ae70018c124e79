/** Tests of the Spark job jar on a real Spark standalone cluster. */
package dev.vigil.cluster;
