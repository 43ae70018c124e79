/** Command-line helpers around Cassandra: applying the schema. */
package dev.vigil.pipelines.cassandra;
