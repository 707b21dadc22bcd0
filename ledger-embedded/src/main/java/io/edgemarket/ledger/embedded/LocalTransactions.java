package io.edgemarket.ledger.embedded;

import com.google.protobuf.ByteString;
import io.edgemarket.model.crypto.Certificates;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.ledger.LedgerException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * Transactions driven by their caller over an in-memory world state: the entry point for tests and
 * tools that call contract logic directly (a contract method with a {@code Context} built from the
 * stub) instead of sending signed proposals through the contract router.
 *
 * <p>Each transaction runs on the embedded ledger's real {@code ChaincodeStub} and simulator, so
 * reads see committed state only, writes are buffered, composite keys, ranges, pages and history
 * behave as on a peer, and a transaction that wrote may not run a paginated query (nor write after
 * one). {@link LocalTransaction#commit()} validates with the committer's MVCC rules and applies the
 * writes as a block of one transaction. What is left out is what a caller here does not want: no
 * block log or signatures, no proposal verification (the creator is taken as given, so an MSP's CA
 * is not involved), and no clock: the caller gives every transaction its timestamp.
 *
 * <p>For one thread: a transaction does not hold the state's snapshot lock while it runs (the
 * caller decides when it ends), so commits must not race with transactions open on other threads.
 */
public final class LocalTransactions {
  private final WorldState world = new WorldState();
  private long sequence;

  /** Begins a transaction as {@code caller} at {@code timestamp}. */
  public LocalTransaction begin(Identity caller, Instant timestamp) {
    return begin(caller.mspId(), caller.certificatePem(), timestamp);
  }

  /**
   * Begins a transaction whose creator is the PEM certificate {@code certificatePem} of {@code
   * mspId}, which need not come from a market CA (a test may present one without a role). Its id is
   * the SHA-256 of a counter, so a sequence of transactions is the same on every run.
   */
  public LocalTransaction begin(String mspId, String certificatePem, Instant timestamp) {
    Objects.requireNonNull(timestamp, "timestamp");
    sequence++;
    String txId = Crypto.sha256Hex("tx-" + sequence);
    byte[] creator =
        SerializedIdentity.newBuilder()
            .setMspid(mspId)
            .setIdBytes(ByteString.copyFromUtf8(certificatePem))
            .build()
            .toByteArray();
    byte[] binding = Crypto.sha256(txId.getBytes(StandardCharsets.UTF_8), creator);
    TxInput input = new TxInput(txId, timestamp, List.of(), List.of(), creator, binding, mspId);
    String creatorId =
        Certificates.participantId(Certificates.commonName(Pem.certificate(certificatePem)), mspId);
    return new LocalTransaction(this, input, creatorId, new TxSimulator(world, txId));
  }

  /** Validates and applies one finished simulation, as the committer does for a block. */
  void commit(Simulation simulation) throws LedgerException {
    LedgerException invalid = new BlockValidator(world, world.height()).check(simulation);
    if (invalid != null) {
      throw invalid;
    }
    LogRecords.Block block =
        new LogRecords.Block(
            world.height(),
            world.lastHash(),
            simulation.timestamp(),
            null,
            List.of(simulation.toTx()));
    String hash = LogCodec.hash(world.lastHash(), LogCodec.blockJson(block));
    world.apply(new LogRecords.Sealed(block, hash, null));
  }
}
