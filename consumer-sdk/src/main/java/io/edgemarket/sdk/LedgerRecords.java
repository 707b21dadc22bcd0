package io.edgemarket.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.merkle.MerkleProof;
import java.util.List;

/**
 * The chaincode's result shapes, as far as this client reads them (chaincode/README.md has the full
 * ones). They are our own copies, not the chaincode's classes, so the SDK depends on the model
 * only; and they are read leniently, so a field the chaincode adds later does not break an old
 * client, while a field we rely on that is missing or null still fails.
 */
final class LedgerRecords {
  private static final ObjectMapper LENIENT =
      Json.mapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private LedgerRecords() {}

  /** {@code participants:GetParticipant}. */
  record Participant(String id, String role, String mspId, String certificatePem) {}

  /** {@code config:GetConfig}. */
  record MarketConfig(Integer brokerFeeBps) {}

  /** {@code accounts:GetBalance}, and each entry of {@code accounts:ListAccounts}. */
  record Balance(String accountId, long balance) {}

  record Posting(String from, String to, long amount) {}

  /** An entry of {@code accounts:ListJournal}: every money movement of one transaction. */
  record JournalEntry(String txId, String kind, String reference, List<Posting> postings) {}

  /** One page of a listing; an empty bookmark means it is the last. */
  record Page<T>(List<T> records, String bookmark) {
    boolean last() {
      return bookmark == null || bookmark.isEmpty() || records == null || records.isEmpty();
    }
  }

  record Rejection(String invocationId, String code, String message) {}

  /** An entry of {@code audit:ListBatches}. */
  record BatchSummary(String batchId) {}

  /**
   * {@code audit:GetBatch}: leaves are the hex leaf hashes of every receipt submitted, in order.
   */
  record BatchRecord(
      String batchId,
      String brokerId,
      String merkleRoot,
      List<String> leaves,
      List<String> settled,
      List<Rejection> rejected,
      long totalAmount,
      long totalFees) {}

  /** {@code audit:GetReceipt}: a settled receipt, where it sits, and its split; proof optional. */
  record ReceiptRecord(
      Receipt receipt,
      String batchId,
      int leafIndex,
      long providerShare,
      long brokerFee,
      long settledAt,
      MerkleProof proof,
      String merkleRoot) {}

  /** Parses a result; any malformation is an IllegalArgumentException naming the type. */
  static <T> T read(String json, Class<T> type) {
    return read(json, LENIENT.getTypeFactory().constructType(type), type.getSimpleName());
  }

  static <T> Page<T> page(String json, Class<T> element) {
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

  /** A broker answer about an invocation, read leniently for the same reason. */
  static io.edgemarket.model.api.InvocationResult invocationResult(byte[] body) {
    return read(
        new String(body, java.nio.charset.StandardCharsets.UTF_8),
        io.edgemarket.model.api.InvocationResult.class);
  }
}
