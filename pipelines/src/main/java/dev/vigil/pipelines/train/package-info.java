/** Training the fraud model in Java: feature pass, TensorFlow training, evaluation, export. */
package dev.vigil.pipelines.train;
