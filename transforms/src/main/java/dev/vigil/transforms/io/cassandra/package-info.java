/**
 * Cassandra output: table rows, idempotent asynchronous upserts over one shared session per JVM,
 * schema application.
 */
package dev.vigil.transforms.io.cassandra;
