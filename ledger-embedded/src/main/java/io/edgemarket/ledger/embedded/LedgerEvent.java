package io.edgemarket.ledger.embedded;

/**
 * A chaincode event from a committed transaction, delivered to listeners after its block is durable
 * and applied, in commit order. The payload is UTF-8 text (the market's events are JSON), empty
 * when the chaincode set none.
 *
 * @param block the number of the block holding the transaction
 * @param txId the transaction that set the event
 * @param name the event name the chaincode gave
 * @param payload the event payload as text
 */
public record LedgerEvent(long block, String txId, String name, String payload) {}
