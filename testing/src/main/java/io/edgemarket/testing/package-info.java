/**
 * Test fixtures shared by the modules' tests (and the benchmarks): signed work, image tars, and
 * waiting on conditions. Depends on {@code model} only.
 */
package io.edgemarket.testing;
