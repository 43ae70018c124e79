/** Runnable Vigil pipelines and their options; they only wire transforms from vigil-transforms. */
package dev.vigil.pipelines;
