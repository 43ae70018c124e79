/** Command-line helpers around Kafka: producing the generator's stream, tailing a topic. */
package dev.vigil.pipelines.kafka;
