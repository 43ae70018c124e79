/**
 * RunInference for Beam Java: {@link dev.vigil.inference.RunInference} scores a {@code PCollection}
 * with a model through a {@link dev.vigil.inference.ModelHandler}: {@link
 * dev.vigil.inference.SavedModelHandler} (TensorFlow) or {@link
 * dev.vigil.inference.OnnxModelHandler} (ONNX Runtime). Batching with a latency cap, one model per
 * JVM, hot reload of versioned models with refusal of bad versions, failures as outputs, metrics.
 * Knows nothing of Vigil's fraud types.
 */
package dev.vigil.inference;
