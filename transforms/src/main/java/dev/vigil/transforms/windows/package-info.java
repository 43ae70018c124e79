/**
 * Windowed aggregates: sliding merchant windows and card sessions, with late-data handling, each in
 * two state layouts with the same panes (Beam's windows, or one state cell and one timer per key).
 */
package dev.vigil.transforms.windows;
