/**
 * Vigil's composite transforms. Each stage lives in its own package and can be used, tested and
 * composed on its own; stages that can reject elements return {@link
 * dev.vigil.transforms.WithDeadLetters}.
 */
package dev.vigil.transforms;
