/** Cassandra output: table rows, idempotent upserts with CassandraIO, schema application. */
package dev.vigil.transforms.io.cassandra;
