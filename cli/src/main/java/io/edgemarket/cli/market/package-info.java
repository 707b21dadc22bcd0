/**
 * A whole market in one process, as {@code ./edgemarket up} and {@code demo} run it: the broker on
 * the embedded ledger or on the local Fabric network ({@link io.edgemarket.cli.market.LedgerSite}),
 * provider agents talking to the broker over real HTTP, and the identities a newcomer needs, kept
 * in one data directory so that a second run resumes the same market.
 */
package io.edgemarket.cli.market;
