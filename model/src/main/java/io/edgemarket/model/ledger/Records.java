package io.edgemarket.model.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgemarket.model.Grant;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Statement;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.merkle.MerkleProof;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes the chaincode stores under its keys and returns from its transactions, defined
 * once for the chaincode that writes them and the clients that read them back (broker, SDK,
 * auditors, web explorer). All amounts are minor units.
 *
 * <p>The chaincode reads its own values strictly ({@link Json}); clients read them with {@link
 * #read} and {@link #page}, which ignore fields they do not know, so a field a newer chaincode adds
 * does not break an older client.
 */
public final class Records {
  private static final ObjectMapper LENIENT =
      Json.mapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Records() {}

  /** Parses a ledger answer leniently; any malformation is an IllegalArgumentException. */
  public static <T> T read(String json, Class<T> type) {
    return read(json, LENIENT.getTypeFactory().constructType(type), type.getSimpleName());
  }

  /** Parses one page of a listing leniently. */
  public static <T> Page<T> page(String json, Class<T> element) {
    JavaType type = LENIENT.getTypeFactory().constructParametricType(Page.class, element);
    return read(json, type, "page of " + element.getSimpleName());
  }

  private static <T> T read(String json, JavaType type, String what) {
    if (json == null || json.isBlank()) {
      throw new IllegalArgumentException("empty " + what);
    }
    try {
      T value = LENIENT.readValue(json, type);
      if (value == null) {
        throw new IllegalArgumentException("expected a " + what + ", got null");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed " + what + ": " + e.getOriginalMessage(), e);
    }
  }

  /**
   * {@code PARTICIPANT~id}: who may act, and the certificate their signatures verify against.
   * {@code status} is {@code ACTIVE} (also when absent, for records written before it existed) or
   * {@code SUSPENDED}; a suspended participant can do nothing and is paid nothing. {@code
   * updatedAt} is null in records written before either could change.
   */
  public record Participant(
      String id,
      String role,
      String mspId,
      String certificatePem,
      long registeredAt,
      String status,
      Long updatedAt) {
    public static final String ACTIVE = "ACTIVE";
    public static final String SUSPENDED = "SUSPENDED";

    public Participant(
        String id, String role, String mspId, String certificatePem, long registeredAt) {
      this(id, role, mspId, certificatePem, registeredAt, ACTIVE, registeredAt);
    }

    public boolean active() {
      return status == null || ACTIVE.equals(status);
    }

    public Participant with(String newStatus, String newCertificatePem, long at) {
      return new Participant(id, role, mspId, newCertificatePem, registeredAt, newStatus, at);
    }
  }

  /**
   * {@code CONFIG~market}. {@code brokerFeeBps} is 500 until set; {@code settlementWindowMs} (how
   * long after a ticket expires its receipt may still be settled) and {@code maxTicketTtlMs} (the
   * longest a ticket may live) default to one hour and twenty minutes. A consumer's transfer out
   * waits both out, so no ticket it signed before can outlive its escrow.
   */
  public record MarketConfig(
      Integer brokerFeeBps,
      Long settlementWindowMs,
      Long maxTicketTtlMs,
      long updatedAt,
      String updatedBy) {
    public static final int DEFAULT_FEE_BPS = 500;
    public static final long DEFAULT_SETTLEMENT_WINDOW_MS = 3_600_000L;
    public static final long DEFAULT_MAX_TICKET_TTL_MS = 1_200_000L;

    public MarketConfig(Integer brokerFeeBps, long updatedAt, String updatedBy) {
      this(brokerFeeBps, null, null, updatedAt, updatedBy);
    }

    public int feeBps() {
      return brokerFeeBps == null ? DEFAULT_FEE_BPS : brokerFeeBps;
    }

    public long settlementWindow() {
      return settlementWindowMs == null ? DEFAULT_SETTLEMENT_WINDOW_MS : settlementWindowMs;
    }

    public long maxTicketTtl() {
      return maxTicketTtlMs == null ? DEFAULT_MAX_TICKET_TTL_MS : maxTicketTtlMs;
    }

    /**
     * How long a consumer's transfer out waits: every ticket signed before it has expired and been
     * settled by then.
     */
    public long withdrawalDelay() {
      return Math.addExact(settlementWindow(), maxTicketTtl());
    }
  }

  /**
   * {@code GOVERNANCE}: the organisations (MSP ids) that govern the market together, and for each
   * market role the organisations whose certificates may hold it. Absent until the organisations
   * set it (an "open" market, as a single-organisation embedded ledger starts); once set, changing
   * it, creating money, changing the config and suspending a participant each need an admin of
   * every governing organisation.
   */
  public record Governance(
      List<String> orgs, Map<String, List<String>> roles, long updatedAt, String updatedBy) {
    public Governance {
      orgs = orgs == null ? List.of() : List.copyOf(orgs);
      roles = roles == null ? Map.of() : Map.copyOf(roles);
    }

    /** True when a certificate of {@code mspId} may hold {@code role}. */
    public boolean allows(String role, String mspId) {
      List<String> msps = roles.get(role);
      return msps != null && msps.contains(mspId);
    }
  }

  /**
   * {@code APPROVAL~action~digest}: the admins that approved one governed action (identified by its
   * kind and the digest of its exact arguments) so far; {@code done} once it was carried out.
   */
  public record Approval(
      String action,
      String digest,
      String subject,
      List<String> approvedBy,
      List<String> approvedMsps,
      boolean done,
      long createdAt) {}

  /** The answer to an admin's governed call: carried out, or waiting for other organisations. */
  public record Decision(
      String action,
      String status,
      List<String> approvedMsps,
      List<String> missingMsps,
      JsonNode result) {
    public static final String DONE = "DONE";
    public static final String PENDING = "PENDING";
  }

  /**
   * {@code XFER~from~transferId}: a consumer's transfer out, executable once every ticket the
   * consumer signed before asking has expired and its settlement window has passed.
   */
  public record PendingTransfer(
      String transferId,
      String from,
      String to,
      long amount,
      String reference,
      long requestedAt,
      long executableAt,
      String status) {
    public static final String PENDING = "PENDING";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";
  }

  /**
   * Result of accounts:CreditEscrow: the account's balance after the call, and whether the credit
   * was made ({@code DONE}) or waits for other organisations' admins ({@code PENDING}).
   */
  public record Credit(
      String accountId,
      long balance,
      String status,
      List<String> approvedMsps,
      List<String> missingMsps) {
    public static Credit of(String accountId, long balance, Decision decision) {
      return new Credit(
          accountId, balance, decision.status(), decision.approvedMsps(), decision.missingMsps());
    }
  }

  /**
   * {@code DISPUTE~invocationId}: a challenge of one invocation's result with its evidence: the
   * receipts of its runs (each carrying the consumer's ticket and the broker's assignment), the
   * disclosed input (base64; the ticket's salted digest binds it) and, once resolved, the verdict.
   * {@code status} is OPEN or RESOLVED; {@code outcome} is {@code agreed} (no run was wrong),
   * {@code provider-slashed} (the runs whose output digest is not {@code correctOutputDigest} were
   * wrong; their providers are in {@code slashed}) or {@code unresolved} (no majority; the consumer
   * is refunded, nobody slashed).
   */
  public record Dispute(
      String invocationId,
      String functionId,
      String consumerId,
      String trustLevel,
      String status,
      List<Receipt> receipts,
      String input,
      String openedBy,
      long openedAt,
      String reason,
      String outcome,
      String correctOutputDigest,
      List<String> slashed,
      long refunded,
      long slashedTotal,
      String resolvedBy,
      Long resolvedAt) {
    public static final String OPEN = "OPEN";
    public static final String RESOLVED = "RESOLVED";
    public static final String AGREED = "agreed";
    public static final String PROVIDER_SLASHED = "provider-slashed";
    public static final String UNRESOLVED = "unresolved";

    public Dispute {
      receipts = receipts == null ? List.of() : List.copyOf(receipts);
      slashed = slashed == null ? List.of() : List.copyOf(slashed);
    }
  }

  /**
   * {@code REPUTATION~providerId}: what the ledger knows of a provider's honesty, written when a
   * dispute about its work is resolved. A provider with no record has never lost one.
   */
  public record Reputation(
      String providerId, long disputesWon, long disputesLost, long slashedTotal, long updatedAt) {}

  /**
   * {@code STAKE~providerId~offerId}: money of the provider's own account locked behind one offer.
   * It stays in the provider's balance but cannot be transferred while locked; a proven wrong
   * result is paid from it.
   */
  public record Stake(
      String providerId, String offerId, long amount, String status, Long releasableAt) {
    public static final String LOCKED = "LOCKED";
    public static final String RELEASING = "RELEASING";
    public static final String RELEASED = "RELEASED";

    /** Taken by a dispute's verdict: its amount went to the consumer, nothing is left locked. */
    public static final String SLASHED = "SLASHED";

    /** True while the money is held: LOCKED, or RELEASING and not yet released. */
    public boolean holds() {
      return LOCKED.equals(status) || RELEASING.equals(status);
    }
  }

  /**
   * Argument of disputes:OpenDispute: the receipts of an invocation's runs (each carrying the
   * consumer's ticket and the broker's assignment), the disclosed input (base64; it must match the
   * ticket's salted input digest) and why the caller disputes it.
   */
  public record DisputeEvidence(
      String invocationId, List<Receipt> receipts, String input, String reason) {
    public DisputeEvidence {
      receipts = receipts == null ? List.of() : List.copyOf(receipts);
    }
  }

  /**
   * Argument of disputes:ResolveDispute: more runs of the disputed invocation (e.g. a tie-break by
   * a third provider), and, from an auditor only, the salted output digest it got by re-executing
   * the function on the disclosed input ({@code correctOutputDigest}) or {@code outcome:
   * unresolved}.
   */
  public record DisputeVerdict(List<Receipt> receipts, String correctOutputDigest, String outcome) {
    public DisputeVerdict {
      receipts = receipts == null ? List.of() : List.copyOf(receipts);
    }
  }

  /** Result of accounts:FoldCredits: slips folded into the base, and whether any are left. */
  public record Fold(String accountId, int folded, boolean more, long balance) {}

  /**
   * An account's balance; also the value of its {@code ACCT~id} base key. {@code locked} is the
   * part of it a provider's stakes hold (it cannot be transferred); accounts:GetBalance fills it in
   * for an account with locked stake, and it is null (and absent from the JSON) otherwise, so a
   * stored base value is the same bytes as before stakes existed.
   */
  public record Balance(
      String accountId, long balance, @JsonInclude(JsonInclude.Include.NON_NULL) Long locked) {
    public Balance(String accountId, long balance) {
      this(accountId, balance, null);
    }

    /** What the account may move: the balance less its locked stakes. */
    public long spendable() {
      return locked == null ? balance : balance - locked;
    }
  }

  /** {@code CREDIT~accountId~txId}: a signed delta written blind so credits never conflict. */
  public record CreditSlip(String accountId, String txId, long amount) {}

  /**
   * A transfer's outcome: {@code status} {@code DONE} when the money moved now, {@code PENDING}
   * (with the {@code transferId} and when it becomes executable) for a consumer's transfer out.
   */
  public record Transfer(
      String from, String to, long amount, String status, String transferId, Long executableAt) {
    public Transfer(String from, String to, long amount) {
      this(from, to, amount, PendingTransfer.DONE, null, null);
    }
  }

  public record Posting(String from, String to, long amount) {}

  /**
   * {@code JOURNAL~txId}: every money movement of one transaction; {@code by} is the participant
   * that submitted it (null in entries written before it was recorded).
   */
  public record JournalEntry(
      String txId,
      long timestamp,
      String kind,
      String reference,
      List<Posting> postings,
      @JsonInclude(JsonInclude.Include.NON_NULL) String by) {
    public JournalEntry(
        String txId, long timestamp, String kind, String reference, List<Posting> postings) {
      this(txId, timestamp, kind, reference, postings, null);
    }
  }

  /** One page of a listing; an empty bookmark means there is nothing after it. */
  public record Page<T>(List<T> records, String bookmark) {
    /** True when no page follows this one. */
    public boolean last() {
      return bookmark == null || bookmark.isEmpty() || records == null || records.isEmpty();
    }
  }

  /** One version of a key; {@code value} is the stored JSON, null when the key was deleted. */
  public record HistoryEntry(
      String txId, long timestamp, @JsonProperty("isDelete") boolean isDelete, JsonNode value) {}

  /** A receipt the settlement rejected, with the code saying why. */
  public record Rejection(String invocationId, String code, String message) {}

  /** {@code RECEIPT~invocationId}: a settled receipt and where it sits in its batch. */
  public record ReceiptRecord(
      Receipt receipt,
      String batchId,
      int leafIndex,
      long providerShare,
      long brokerFee,
      long settledAt,
      String txId) {}

  /** {@link ReceiptRecord} plus the Merkle path from its leaf to the batch root. */
  public record ProvenReceipt(
      Receipt receipt,
      String batchId,
      int leafIndex,
      long providerShare,
      long brokerFee,
      long settledAt,
      String txId,
      MerkleProof proof,
      String merkleRoot) {}

  /**
   * {@code BATCH~batchId}: leaves are the hex leaf hashes of every receipt submitted, in order;
   * {@code brokerSignature} the broker's signature over the batch ({@link
   * io.edgemarket.model.SettlementBatch#verify}), null for a batch it did not sign; {@code
   * statements} the providers' and consumers' statements the chaincode verified and let stand for
   * the signatures of the receipts and tickets they name (absent when none did).
   */
  public record BatchRecord(
      String batchId,
      String brokerId,
      String merkleRoot,
      List<String> leaves,
      List<String> settled,
      List<Rejection> rejected,
      long totalAmount,
      long totalFees,
      long settledAt,
      String txId,
      String brokerSignature,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Statement> statements) {

    public BatchRecord {
      statements = statements == null ? List.of() : List.copyOf(statements);
    }
  }

  /** A batch without its per-receipt lists, for listings (a batch may hold 5000 leaves). */
  public record BatchSummary(
      String batchId,
      String brokerId,
      String merkleRoot,
      int receipts,
      int settled,
      int rejected,
      long totalAmount,
      long totalFees,
      long settledAt,
      String txId) {}

  public record SettlementResult(
      String batchId,
      String merkleRoot,
      List<String> settled,
      List<Rejection> rejected,
      long totalAmount,
      long totalFees) {}

  /** Payload of the {@code BatchSettled} event; {@code settled} is a count. */
  public record BatchSettled(String batchId, String merkleRoot, int settled) {}

  /**
   * Argument of audit:QueryReceipts. {@code by} is provider, consumer or time; {@code id} names the
   * provider or consumer; the window is inclusive; absent values take defaults.
   */
  public record ReceiptQuery(
      String by, String id, Long fromMs, Long toMs, Integer pageSize, String bookmark) {}

  /**
   * {@code GRANT~grantId}: a consumer's grant as published, and when it was revoked (absent while
   * it is not).
   */
  public record GrantRecord(
      Grant grant,
      long publishedAt,
      String txId,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long revokedAt) {

    public boolean revoked() {
      return revokedAt != null;
    }
  }

  /**
   * {@code GRANTUSE~grantId}: what settlement has paid under a grant so far; written once per batch
   * that pays under it. Absent: nothing yet.
   */
  public record GrantUsage(String grantId, long calls, long spend) {}

  /** What grants:GetGrant and grants:ListGrants answer: the grant and its counters. */
  public record GrantStatus(
      Grant grant,
      long publishedAt,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long revokedAt,
      long calls,
      long spend) {

    /** Whether it may still fire at {@code now}: not revoked, within its window, not used up. */
    public boolean live(long now) {
      return revokedAt == null
          && now >= grant.notBefore()
          && now <= grant.notAfter()
          && calls < grant.maxCalls()
          && spend < grant.maxSpend();
    }
  }
}
