/**
 * Settlement: a durable queue of verified receipts and the settler that pays them on the ledger in
 * Merkle batches. A receipt is on disk before its invocation is answered; a batch's outcome is on
 * disk after the ledger commits it. A crash in between is harmless: the receipts are resubmitted,
 * the chaincode answers DUPLICATE for those it already settled, and the settler counts those as
 * settled, so no receipt is lost and none is paid twice.
 */
package io.edgemarket.broker.settle;
