/** Decisions on scores (approve, review, block) and the alerts they raise. */
package dev.vigil.transforms.decide;
