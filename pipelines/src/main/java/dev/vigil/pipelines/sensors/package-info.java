/**
 * The sensor anomaly pipeline (predictive maintenance on an IoT stream), built only from Vigil's
 * public transforms and {@code dev.vigil.inference.RunInference}: {@link
 * dev.vigil.pipelines.sensors.SensorPipeline}, its generator and its demo (docs/sensors.md).
 */
package dev.vigil.pipelines.sensors;
