/**
 * The consumer SDK: {@link io.edgemarket.sdk.EdgeMarket} deploys and invokes functions and follows
 * them to settlement; {@link io.edgemarket.sdk.Auditor} verifies the whole market from the ledger.
 *
 * <p>Both are built on one principle: the client checks what it is told. An invocation's answer is
 * accepted only with a provider receipt for the client's own signed ticket whose output digest,
 * price and amount agree with what arrived; an audit recomputes every Merkle root, signature, fee
 * and balance itself. Remote failures are checked {@link io.edgemarket.sdk.EdgeMarketException}s
 * named by phase and carrying the machine-readable code, the HTTP status and the ids concerned;
 * argument mistakes are {@link java.lang.IllegalArgumentException} or {@link
 * java.lang.NullPointerException} naming the argument.
 *
 * <p>Everything here depends only on the model module (and the Jackson and Bouncy Castle it
 * brings), so a consumer application does not pull in the broker, the chaincode or Fabric.
 */
package io.edgemarket.sdk;
