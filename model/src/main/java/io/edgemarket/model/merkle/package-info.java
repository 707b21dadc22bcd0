/** Merkle roots over settled receipts, and the per-receipt proofs auditors check. */
package io.edgemarket.model.merkle;
