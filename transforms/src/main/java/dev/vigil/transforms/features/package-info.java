/** Trailing per-card features over event time, with bounded per-card state. */
package dev.vigil.transforms.features;
