package io.edgemarket.ledger.embedded;

import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Certificates;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerException.Phase;
import io.edgemarket.model.ledger.SignedProposal;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded ledger: runs the market's chaincode contracts in process over a durable,
 * hash-chained and signed block log in one directory (see the package documentation for what it is
 * and is not). Thread-safe: any number of threads may execute proposals at once; simulations run in
 * parallel and one committer orders and commits them.
 */
public final class EmbeddedLedger implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedLedger.class);

  private final CertificateAuthority msp;
  private final BlockLog log;
  private final WorldState world;
  private final ProposalVerifier verifier;
  private final Endorser endorser;
  private final EventDispatcher events = new EventDispatcher();
  private final Committer committer;
  private volatile boolean closed;

  private EmbeddedLedger(
      CertificateAuthority msp, BlockLog log, WorldState world, LedgerSigner signer) {
    this.msp = msp;
    this.log = log;
    this.world = world;
    this.verifier = new ProposalVerifier(msp, Clock.systemUTC());
    this.endorser = new Endorser(world, ChaincodeRuntime.get(), msp.mspId());
    this.committer = new Committer(world, log, signer, events);
  }

  /**
   * Opens the ledger in {@code dir}, creating it (with its genesis block and signing identity) if
   * the directory holds none. An existing log is replayed and verified block by block; a torn last
   * line left by a crash is cut off with a warning, and any other damage refuses the open with a
   * {@link CorruptLedgerException} naming the block.
   *
   * @param msp the CA whose certificates the ledger trusts (its MSP root)
   */
  public static EmbeddedLedger open(Path dir, CertificateAuthority msp) throws IOException {
    BlockLog log = BlockLog.open(dir);
    try {
      WorldState world = new WorldState();
      ChainVerifier.Result chain = ChainVerifier.verify(log, log.length(), msp, world::apply);
      if (chain.end() < log.length()) {
        LOG.warn(
            "Ledger log {}: cutting off a torn last record of {} bytes at byte {} (a write"
                + " interrupted by a crash; it was never acknowledged)",
            log.file(),
            log.length() - chain.end(),
            chain.end());
        log.truncate(chain.end());
      }
      LedgerSigner signer = LedgerSigner.load(dir, msp);
      if (chain.height() == 0) {
        signer = signer != null ? signer : LedgerSigner.enroll(dir, msp);
        LogRecords.Config config =
            new LogRecords.Config(
                TxInput.CHANNEL,
                msp.mspId(),
                Pem.encode(msp.certificate()),
                signer.identity().certificatePem());
        LogCodec.Encoded genesis = signer.seal(0, LogCodec.NO_PREVIOUS, config, List.of());
        log.append(genesis.line());
        world.apply(genesis.sealed());
      } else if (signer == null || !chain.signer().equals(signer.identity().certificate())) {
        throw new IOException(
            "the signing identity in "
                + dir.resolve(LedgerSigner.DIRECTORY)
                + " is missing or is not the one that signed this ledger's log");
      }
      return new EmbeddedLedger(msp, log, world, signer);
    } catch (IOException | RuntimeException e) {
      log.close();
      throw e;
    }
  }

  /**
   * Executes a signed proposal. With {@code submit}, the transaction is simulated, ordered and
   * committed, and its result returned once it is durable; otherwise it is only simulated and
   * nothing is written.
   *
   * @throws LedgerException ENDORSE/UNAUTHENTICATED for a proposal the MSP does not accept,
   *     ENDORSE/DUPLICATE for a transaction id already committed, ENDORSE (EVALUATE when not
   *     submitting) with the chaincode's own code for a chaincode error, COMMIT/MVCC_READ_CONFLICT
   *     when what it read changed before it could commit, COMMIT/DUPLICATE, and UNAVAILABLE when
   *     the ledger is closed or has stopped committing
   */
  public String execute(SignedProposal proposal, boolean submit) throws LedgerException {
    if (closed) {
      throw new LedgerException(
          Phase.CONNECT, ErrorCodes.UNAVAILABLE, null, "the embedded ledger is closed");
    }
    X509Certificate certificate = verifier.verify(proposal);
    String txId = proposal.transactionId();
    if (world.knows(txId)) {
      throw new LedgerException(
          Phase.ENDORSE, ErrorCodes.DUPLICATE, txId, "transaction id already committed");
    }
    String creator =
        Certificates.participantId(Certificates.commonName(certificate), proposal.mspId());
    Simulation simulation =
        endorser.simulate(proposal, creator, submit ? Phase.ENDORSE : Phase.EVALUATE);
    if (!submit) {
      return simulation.result();
    }
    try {
      return committer.submit(simulation).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof LedgerException ledgerException) {
        throw ledgerException;
      }
      throw new LedgerException(Phase.COMMIT, ErrorCodes.INTERNAL, txId, e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerException(
          Phase.COMMIT,
          ErrorCodes.UNAVAILABLE,
          txId,
          "interrupted while waiting for the commit; the transaction may still commit");
    }
  }

  /** Blocks in the log, the genesis block included. */
  public long height() {
    return world.height();
  }

  /** Re-reads the whole log from disk and verifies every block's hash, link and signature. */
  public LogSummary verifyLog() throws IOException {
    long length = log.length();
    ChainVerifier.Result chain = ChainVerifier.verify(log, length, msp, block -> {});
    String signer =
        Certificates.participantId(Certificates.commonName(chain.signer()), msp.mspId());
    return new LogSummary(
        chain.height(), chain.transactions(), chain.lastHash(), signer, chain.end());
  }

  /**
   * Listens to the chaincode events of transactions committed from now on (the log is not replayed
   * to listeners), delivered in commit order on the ledger's event thread.
   */
  public void addListener(Consumer<LedgerEvent> listener) {
    events.add(listener);
  }

  public void removeListener(Consumer<LedgerEvent> listener) {
    events.remove(listener);
  }

  /** For tests: true while a block waits for running simulations before it is applied. */
  boolean blockWaiting() {
    return world.blockWaiting();
  }

  /** Commits what was already submitted, then closes the log. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      committer.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    events.close();
    try {
      log.close();
    } catch (IOException e) {
      LOG.warn("closing the ledger log {} failed", log.file(), e);
    }
  }
}
