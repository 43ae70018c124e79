/** Test support shared by every module: the JUnit 5 TestPipeline extension and fixtures. */
package dev.vigil.testing;
