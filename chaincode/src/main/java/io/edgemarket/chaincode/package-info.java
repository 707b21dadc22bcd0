/**
 * The EdgeMarket chaincode: the system of record for participants, offers, functions, escrow
 * accounts, settled receipts and settlement batches.
 *
 * <p>One small stateless contract class per resource ({@code participants}, {@code config}, {@code
 * accounts}, {@code offers}, {@code functions}, {@code settlement}, {@code audit}); transaction
 * names are those in {@link io.edgemarket.model.ledger.Transactions}. The same classes run inside a
 * Fabric peer's chaincode-as-a-service and in the embedded ledger (module {@code ledger-embedded}),
 * so they touch the ledger only through {@link org.hyperledger.fabric.shim.ChaincodeStub} and read
 * time only from the transaction timestamp. Every failure is raised as {@code CODE: text} with a
 * code from {@link io.edgemarket.model.ledger.ErrorCodes}. See {@code chaincode/README.md} for the
 * key layout and the transaction table.
 */
package io.edgemarket.chaincode;
