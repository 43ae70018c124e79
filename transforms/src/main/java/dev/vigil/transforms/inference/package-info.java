/** In-process TensorFlow inference: batching, the shared model, reasons, metrics. */
package dev.vigil.transforms.inference;
