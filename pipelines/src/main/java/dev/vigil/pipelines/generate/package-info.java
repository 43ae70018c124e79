/** The seeded, labelled transaction generator and its command-line entry point. */
package dev.vigil.pipelines.generate;
