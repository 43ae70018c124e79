/**
 * Vigil's domain types: the validated {@link dev.vigil.model.Transaction}, its {@link
 * dev.vigil.model.CardFeatures}, and every output record of docs/architecture.md. Each has an
 * explicit, compact, deterministic coder ({@code @DefaultCoder}); they are small and cheap to
 * encode on every runner.
 */
package dev.vigil.model;
