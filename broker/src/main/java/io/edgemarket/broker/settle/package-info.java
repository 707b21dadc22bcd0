/**
 * Settlement: a durable queue of verified receipts and the settler that pays them on the ledger in
 * Merkle batches. A receipt is written (to the OS) before its invocation is answered and forced to
 * disk within about a millisecond by the group-commit thread; a batch's outcome is on disk after
 * the ledger commits it, and the batch's id before it is submitted. A crash in between is harmless:
 * the batch is looked up on the ledger by its id and recorded as committed, or submitted again
 * under the same id; receipts the chaincode already paid come back DUPLICATE and count as settled
 * when the ledger holds those very receipts, so no receipt is lost and none is paid twice. The
 * queue's logs are compacted into a checkpoint, so a start does not read history.
 *
 * <p>Issue 11: receipts are no longer forced before the answer. {@link GroupCommit} forces them on
 * its own thread within {@link GroupCommit#WINDOW_MICROS} µs of the first one waiting, so a lone
 * caller no longer waits a whole fsync and a burst shares one. A killed broker loses nothing (the
 * page cache outlives it); a machine that loses power inside the window loses the receipts written
 * since the last force, and the agents that signed them keep them until the broker holds them
 * durably (it tells them, over their links, after each force) and hand them back when it asks at
 * their next link ({@code broker.link.ReceiptCollection}, {@code broker.invoke.Recollection}).
 * Before a batch is submitted every written receipt is forced, so the ledger never holds a receipt
 * the broker's disk lacks.
 */
package io.edgemarket.broker.settle;
