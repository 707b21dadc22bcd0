/**
 * Settlement: a durable queue of verified receipts and the settler that pays them on the ledger in
 * Merkle batches. A receipt is on disk before its invocation is answered; a batch's outcome is on
 * disk after the ledger commits it, and the batch's id before it is submitted. A crash in between
 * is harmless: the batch is looked up on the ledger by its id and recorded as committed, or
 * submitted again under the same id; receipts the chaincode already paid come back DUPLICATE and
 * count as settled when the ledger holds those very receipts, so no receipt is lost and none is
 * paid twice. The queue's logs are compacted into a checkpoint, so a start does not read history.
 *
 * <p>Receipts are forced before the answer, by group commit ({@link AppendLog}): appends that
 * arrive while a force runs share the next one, so many concurrent invocations cost a few flushes.
 * Answering before the force would be faster for a lone caller, but nothing could re-collect a
 * receipt lost with the machine in that window: agents keep no receipts once they have answered.
 */
package io.edgemarket.broker.settle;
