/**
 * JMH benchmarks and the broker load generator. Run by {@code scripts/bench.sh}, never by the
 * tests; results go to {@code BENCHMARKS.md}.
 */
package io.edgemarket.bench;
