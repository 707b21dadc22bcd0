/**
 * The {@code edgemarket} command line ({@link io.edgemarket.cli.EdgeMarketCli}): {@code up} and
 * {@code demo} run a whole market on one machine; {@code function deploy}, {@code invoke}, {@code
 * balance} and {@code audit} are thin clients over the consumer SDK.
 *
 * <p>Contract for scripts: {@code invoke} prints exactly the function's output bytes on stdout and
 * nothing else (logs go to stderr); {@code --json} prints exactly one JSON object. Exit codes are
 * in {@link io.edgemarket.cli.ExitCodes}: 0 ok, 1 function error (or audit discrepancies), 2 the
 * market failed or refused, 3 bad usage or no market data where the options point.
 */
package io.edgemarket.cli;
