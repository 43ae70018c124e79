/** Windowed aggregates: sliding merchant windows and card sessions, with late-data handling. */
package dev.vigil.transforms.windows;
