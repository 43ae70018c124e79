/** Reading and writing Vigil's records: JSON encodings, JSON Lines files. */
package dev.vigil.transforms.io;
