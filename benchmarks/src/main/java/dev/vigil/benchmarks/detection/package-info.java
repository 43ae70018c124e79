/**
 * {@code ./vigil bench detection}: the Fraud Detection Handbook's simulator and protocol, run end
 * to end through Vigil's own training and scoring, with the book's published table beside Vigil's
 * row in {@code benchmarks/DETECTION.md}.
 */
package dev.vigil.benchmarks.detection;
