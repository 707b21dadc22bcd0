package io.edgemarket.sdk;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.http.RemoteLedgerGateway;
import io.edgemarket.model.http.Tls;
import io.edgemarket.model.ledger.Checkpoint;
import io.edgemarket.model.ledger.CheckpointSource;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.LedgerTrust;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Verifies the market from the ledger alone, taking nobody's word for anything: every settlement
 * batch's Merkle root is recomputed from its leaves; every settled receipt is checked to be the
 * leaf it claims, to carry valid provider and consumer signatures by the registered certificates,
 * and to charge what its terms allow, split at the market's fee; finally the books must balance to
 * zero and every balance must equal its journal postings, and every journal entry that names its
 * submitter must have been submitted by someone with the authority for it; every dispute's evidence
 * must verify, its verdict follow from it, and every slash be one a resolved dispute justifies. The
 * broker is at most a relay for ledger queries (which the ledger itself authenticates); nothing it
 * says is trusted: through a broker, every answer must carry the embedded ledger's endorsement,
 * signed by the ledger's certificate (role orderer, issued by a trust root, and pinned by the kept
 * checkpoint). With a {@link Builder#checkpointFile}, the auditor keeps the ledger's signed
 * checkpoint from one audit to the next and reports a ledger that no longer holds the block it
 * named.
 *
 * <pre>{@code
 * try (Auditor auditor = Auditor.builder().broker(uri).identity(auditorId).trustRoot(ca)
 *     .checkpointFile(dir.resolve("ledger-checkpoint.json")).build()) {
 *   AuditReport report = auditor.audit(System.err::println);
 * }
 * }</pre>
 */
public final class Auditor implements AutoCloseable {
  private final LedgerGateway ledger;
  private final boolean ownsLedger;
  private final List<X509Certificate> trustRoots;
  private final int pageSize;
  private final CheckpointAudit checkpoints;
  private final LedgerTrust ledgerTrust;

  private Auditor(Builder builder) {
    this.trustRoots = List.copyOf(builder.trustRoots);
    this.checkpoints = CheckpointAudit.load(builder.checkpointFile);
    this.ledgerTrust = new LedgerTrust(trustRoots, checkpoints.pinnedSigner());
    this.ownsLedger = builder.ledger == null;
    this.ledger =
        ownsLedger
            ? new RemoteLedgerGateway(
                builder.broker,
                builder.identity,
                Tls.httpClient(ClientBuilder.tlsTrust(builder.tlsTrust, trustRoots))
                    .connectTimeout(Duration.ofSeconds(5))
                    .build(),
                ledgerTrust)
            : builder.ledger;
    this.pageSize = builder.pageSize;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs a full audit. {@code progress} receives a line per step (for a terminal or a log).
   *
   * @throws AuditException when the ledger cannot be read; discrepancies are never exceptions
   */
  public AuditReport audit(Consumer<String> progress) throws AuditException {
    Objects.requireNonNull(progress, "progress");
    List<Discrepancy> found = new ArrayList<>();
    try {
      Checkpoint latest = null;
      if (ledger instanceof CheckpointSource source) {
        latest = checkpoints.check(source, ledgerTrust, found::add, progress);
      }
      FeeSchedule fees = FeeSchedule.read(ledger);
      progress.accept("market fee: " + fees.current() + " bps");
      RegisteredCertificates participants = new RegisteredCertificates(ledger, trustRoots);
      ReceiptAudit receipts = new ReceiptAudit(participants, fees, new GrantBook(ledger));
      BatchAudit batches = new BatchAudit(ledger, receipts, found::add);
      List<String> batchIds = new ArrayList<>();
      new Pager(ledger, pageSize)
          .each(
              Transactions.LIST_BATCHES,
              Records.BatchSummary.class,
              b -> batchIds.add(b.batchId()));
      progress.accept("batches: " + batchIds.size());
      for (String batchId : batchIds) {
        int settled = batches.audit(batchId);
        progress.accept("batch " + batchId + ": " + settled + " settled receipts checked");
      }
      BooksAudit books = new BooksAudit(ledger, pageSize, participants, found::add);
      books.audit(batches.expectedPostings(), batches.brokers(), progress);
      DisputeAudit disputes = new DisputeAudit(ledger, pageSize, participants, found::add);
      int disputed = disputes.audit(books.slashes(), progress);
      checkpoints.keep(latest, progress); // null when the ledger lost what the kept one names
      AuditReport report =
          new AuditReport(
              batchIds.size(),
              batches.receiptsChecked(),
              batches.totalAmount(),
              batches.totalFees(),
              books.accounts(),
              books.journalEntries(),
              disputed,
              books.slashes().size(),
              found);
      progress.accept(
          report.ok() ? "audit passed" : "audit found " + found.size() + " discrepancies");
      return report;
    } catch (LedgerException e) {
      throw new AuditException(
          Failure.of(e.code()).transactionId(e.transactionId()),
          "audit stopped: " + e.getMessage(),
          e);
    } catch (IllegalArgumentException e) {
      throw new AuditException(
          Failure.of(ErrorCodes.INTERNAL),
          "audit stopped, unreadable listing: " + e.getMessage(),
          e);
    }
  }

  /**
   * Checks every anchor the ledger lists ({@code bridge:ListAnchors}), in order, against the
   * ledger's root of its batch and the root {@code chain} holds for it, stopping at the first
   * mismatch (docs/bridge.md, "Anchors"). {@code progress} receives a line per step.
   *
   * @throws AuditException when the ledger or the chain cannot be read; a mismatch is in the report
   */
  public AnchorReport auditAnchors(AnchoredRoots chain, Consumer<String> progress)
      throws AuditException {
    return new AnchorAudit(ledger, pageSize)
        .audit(
            Objects.requireNonNull(chain, "chain"), Objects.requireNonNull(progress, "progress"));
  }

  /**
   * One settled receipt as the ledger holds it ({@code audit:GetReceipt}), not verified.
   *
   * @throws AuditException code {@code NOT_FOUND} when the ledger has no settled receipt under that
   *     id (no such invocation, or not settled yet), or when the ledger cannot be read
   */
  public Records.ProvenReceipt receipt(String invocationId) throws AuditException {
    return receiptVerifier().record(requireId(invocationId), AuditException::new);
  }

  /**
   * Verifies one settled receipt step by step with the checks of {@link #audit} (see {@link
   * ReceiptVerification}); as an auditor it also reads the receipt's batch, so the broker's
   * signature over a signed batch is checked and the Merkle path is checked against the batch's
   * stored leaves too. Failed steps are in the result, never thrown.
   *
   * @throws AuditException as {@link #receipt}
   */
  public ReceiptVerification verifyReceipt(String invocationId) throws AuditException {
    return receiptVerifier().verify(requireId(invocationId), AuditException::new);
  }

  private ReceiptVerifier receiptVerifier() {
    return new ReceiptVerifier(ledger, trustRoots);
  }

  private static String requireId(String invocationId) {
    return Objects.requireNonNull(invocationId, "invocationId");
  }

  @Override
  public void close() {
    if (ownsLedger) {
      ledger.close();
    }
  }

  /** Configures an auditor: a {@link #ledger} or a {@link #broker} relay plus {@link #identity}. */
  public static final class Builder {
    private URI broker;
    private Identity identity;
    private LedgerGateway ledger;
    private final List<X509Certificate> trustRoots = new ArrayList<>();
    private final List<X509Certificate> tlsTrust = new ArrayList<>();
    private int pageSize = 500;
    private Path checkpointFile;

    private Builder() {}

    /** Reach the ledger through this broker's relay (the ledger authenticates each query). */
    public Builder broker(URI uri) {
      this.broker = ClientBuilder.validBroker(uri);
      return this;
    }

    /** The auditor's identity, which signs the ledger queries; required with {@link #broker}. */
    public Builder identity(Identity auditor) {
      this.identity = requireAuditor(Objects.requireNonNull(auditor, "identity"));
      return this;
    }

    /** A ledger connection to use instead of the broker relay; signed by an auditor. */
    public Builder ledger(LedgerGateway gateway) {
      this.ledger = Objects.requireNonNull(gateway, "ledger");
      requireAuditor(gateway.identity());
      return this;
    }

    /** The market CA. Strongly advised: without it a registered certificate is taken on trust. */
    public Builder trustRoot(X509Certificate root) {
      trustRoots.add(Objects.requireNonNull(root, "trustRoot"));
      return this;
    }

    /** Every organisation's CA, as on a Fabric consortium; adds to {@link #trustRoot}. */
    public Builder trustRoots(TrustRoots roots) {
      trustRoots.addAll(Objects.requireNonNull(roots, "trustRoots").certificates());
      return this;
    }

    /**
     * The CA an {@code https} broker's certificate must come from (host name checked too); by
     * default the {@link #trustRoot trust roots}, else the platform's trust store.
     */
    public Builder tlsTrust(X509Certificate caCertificate) {
      tlsTrust.add(Objects.requireNonNull(caCertificate, "tlsTrust"));
      return this;
    }

    /** As {@link #tlsTrust(X509Certificate)}, every CA of {@code roots}. */
    public Builder tlsTrust(TrustRoots roots) {
      tlsTrust.addAll(Objects.requireNonNull(roots, "tlsTrust").certificates());
      return this;
    }

    /**
     * Where the auditor keeps the ledger's signed checkpoint between audits (a file of its own,
     * beside its identity): each audit demands that the ledger still holds the block the kept one
     * names, then keeps the ledger's latest. It also pins the ledger's signing certificate. Only
     * ledgers that hand out checkpoints (the embedded one) are checked; on Fabric it is unused.
     */
    public Builder checkpointFile(Path file) {
      this.checkpointFile = Objects.requireNonNull(file, "checkpointFile");
      return this;
    }

    /** Records per ledger query, 1..1000 (the chaincode's limit); default 500. */
    public Builder pageSize(int size) {
      if (size < 1 || size > 1000) {
        throw new IllegalArgumentException("pageSize must be 1..1000: " + size);
      }
      this.pageSize = size;
      return this;
    }

    public Auditor build() {
      if (ledger == null) {
        Objects.requireNonNull(broker, "broker (or ledger) must be set");
        Objects.requireNonNull(identity, "identity must be set with broker");
      }
      Identity signer = ledger == null ? identity : ledger.identity();
      if (!trustRoots.isEmpty()
          && !RegisteredCertificates.issuedByARoot(signer.certificate(), trustRoots)) {
        throw new IllegalArgumentException(signer.id() + " was not issued by a trust root");
      }
      return new Auditor(this);
    }

    private static Identity requireAuditor(Identity identity) {
      if (identity.role() != Role.AUDITOR && identity.role() != Role.ADMIN) {
        throw new IllegalArgumentException(
            "identity " + identity.id() + " is a " + identity.role() + "; audits need an auditor");
      }
      return identity;
    }
  }
}
