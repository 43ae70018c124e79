/**
 * Loading TensorFlow SavedModels for in-process scoring: signature and feature validation,
 * versioned base directories with hot reload, per-JVM sharing, safe close. No Beam dependency.
 */
package dev.vigil.modelloader;
