/** Turning raw JSON records into validated transactions, with dead letters for the rest. */
package dev.vigil.transforms.parse;
