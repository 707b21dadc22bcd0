/**
 * The embedded ledger: the market's default system of record when everything runs on one machine.
 *
 * <p>It runs the <em>same</em> chaincode contract classes that a Fabric peer runs, through
 * fabric-chaincode-java's own {@code ContractRouter}, against a real implementation of the shim's
 * {@code ChaincodeStub}. Transactions are simulated against committed state with Fabric's semantics
 * (writes buffered until commit, no read-your-writes, a read set of key versions and scanned
 * ranges), then validated by a single committer under multi-version concurrency control and
 * appended, a group of transactions per block, to a hash-chained log whose blocks the ledger signs
 * with its own certificate from the market's CA. A transaction that fails validation is kept in its
 * block as invalid, so its id stays used. The state and key history live on disk in a RocksDB
 * database, made durable between blocks; on open the store is checked against the log's block at
 * its height and only the log after it is replayed and verified (the whole log when the store is
 * missing or does not match), and the chain is checked against the signed checkpoint the ledger
 * keeps in its key directory (which may live apart from the log), so a log cut at its end is
 * refused; {@code verifyLog} re-verifies the whole chain on demand. The ledger also signs
 * checkpoints and endorses answers for clients to keep and check.
 *
 * <p>It is <strong>not a blockchain</strong>: one process holds the only copy, there is one trust
 * domain and no consensus, and whoever can write the data directory can rewrite it. The hash chain
 * and the signatures make tampering with the files evident; they prove nothing more. For many
 * parties on many machines, the same chaincode jar runs on real Fabric peers and the market talks
 * to it through the Fabric Gateway; both backends sit behind {@link
 * io.edgemarket.model.ledger.LedgerGateway}.
 */
package io.edgemarket.ledger.embedded;
