package io.edgemarket.broker.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.ledger.Records.JournalEntry;
import io.edgemarket.model.ledger.Records.Rejection;
import java.util.List;

/** The JSON bodies of the ledger explorer's routes ({@code /api/v1/explorer/...}). */
final class ExplorerViews {
  private ExplorerViews() {}

  /** What the broker found checking one thing; {@code status} is one of the constants. */
  record Check(String name, String status, String detail) {
    static final String VERIFIED = "verified";
    static final String FAILED = "failed";

    /** Not signed on its own: a statement of its signer that the chaincode verified covers it. */
    static final String COVERED = "covered";

    /** The signer is not a registered participant of that role: nothing to verify against. */
    static final String UNKNOWN = "unknown";

    static Check of(String name, boolean verified, String detail) {
      return new Check(name, verified ? VERIFIED : FAILED, detail);
    }
  }

  /** {@code GET /explorer/batches/{batchId}}. */
  record BatchDetail(
      String batchId,
      String brokerId,
      String merkleRoot,
      String recomputedRoot,
      boolean rootMatches,
      Check brokerSignature,
      int receipts,
      List<String> settled,
      List<Rejection> rejected,
      long totalAmount,
      long totalFees,
      long settledAt,
      String txId,
      int statements) {}

  /**
   * One level of a receipt's climb to its batch root: the sibling hash met there (left or right of
   * the path), and the node the batch's stored leaves give at that level ({@code expectedHex}).
   */
  record ProofStep(int level, String siblingHex, boolean siblingLeft, String expectedHex) {}

  /**
   * What a page needs to check a receipt's inclusion itself: the receipt's signed bytes (UTF-8) and
   * signature (base64), whose SHA-256 is its leaf; the leaf the batch recorded at its index; the
   * leaf's node (SHA-256 of 0x00 and the leaf) as the batch gives it; the steps; the root the
   * ledger recorded for the batch.
   */
  record Proof(
      String signedPayload,
      String signature,
      String leafHash,
      String batchLeaf,
      int leafIndex,
      String leafNodeHex,
      List<ProofStep> steps,
      String merkleRoot) {}

  /** {@code GET /explorer/receipts/{runId}}. */
  record ReceiptDetail(
      String runId,
      Receipt receipt,
      String batchId,
      int leafIndex,
      long providerShare,
      long brokerFee,
      long settledAt,
      String txId,
      Proof proof,
      List<Check> checks) {}

  /** A settled receipt in a listing. */
  record ReceiptRow(
      String runId,
      String providerId,
      String consumerId,
      String functionId,
      String status,
      long amount,
      String batchId,
      long settledAt) {}

  record OfferRow(
      String offerId, String region, long pricePerInvocation, long pricePerMegaFuel, Long stake) {}

  /**
   * One thing an id names. {@code kind} is receipt, batch, participant or transaction; a
   * participant comes with its recent receipts and live offers, a transaction with its journal
   * entry.
   */
  record Match(
      String kind,
      String id,
      String summary,
      @JsonInclude(JsonInclude.Include.NON_NULL) JournalEntry entry,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<ReceiptRow> receipts,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<OfferRow> offers) {
    static Match of(String kind, String id, String summary) {
      return new Match(kind, id, summary, null, null, null);
    }
  }

  /** {@code GET /explorer/search?q=ID}. */
  record SearchResult(String query, List<Match> matches) {}

  /**
   * {@code GET /explorer/accounts/{accountId}/journal}: the entries moving its money, newest first;
   * {@code complete} is false when the journal was larger than one read covers ({@code scanned}).
   */
  record Journal(
      String accountId, long balance, List<JournalEntry> entries, long scanned, boolean complete) {}

  /** {@code GET /explorer/audit-report}: the latest report an auditor published. */
  record PublishedReport(String publishedBy, long publishedAt, JsonNode report) {}
}
