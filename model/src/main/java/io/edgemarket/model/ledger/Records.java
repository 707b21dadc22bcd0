package io.edgemarket.model.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.merkle.MerkleProof;
import java.util.List;

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

  /** {@code PARTICIPANT~id}: who may act, and the certificate their signatures verify against. */
  public record Participant(
      String id, String role, String mspId, String certificatePem, long registeredAt) {}

  /** {@code CONFIG~market}. {@code brokerFeeBps} is 500 until an admin sets it. */
  public record MarketConfig(Integer brokerFeeBps, long updatedAt, String updatedBy) {}

  /** An account's balance; also the value of its {@code ACCT~id} base key. */
  public record Balance(String accountId, long balance) {}

  /** {@code CREDIT~accountId~txId}: a signed delta written blind so credits never conflict. */
  public record CreditSlip(String accountId, String txId, long amount) {}

  public record Transfer(String from, String to, long amount) {}

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

  /** {@code BATCH~batchId}: leaves are the hex leaf hashes of every receipt submitted, in order. */
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
      String txId) {}

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
}
