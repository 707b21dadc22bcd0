package io.edgemarket.broker.api;

import com.fasterxml.jackson.core.type.TypeReference;
import io.edgemarket.model.Offer;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Records.BatchRecord;
import io.edgemarket.model.ledger.Records.BatchSummary;
import io.edgemarket.model.ledger.Records.JournalEntry;
import io.edgemarket.model.ledger.Records.Page;
import io.edgemarket.model.ledger.Records.Participant;
import io.edgemarket.model.ledger.Records.ProvenReceipt;
import io.edgemarket.model.ledger.Records.ReceiptQuery;
import io.edgemarket.model.ledger.Records.ReceiptRecord;
import io.edgemarket.model.ledger.Transactions;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The explorer's reads of the ledger, as the broker itself (an overseer of receipts and batches,
 * and a reader of the journal). A NOT_FOUND answer is an empty result; any other failure of the
 * ledger is a 503 to the page.
 */
final class ExplorerReads {
  /** The journal is read whole, in pages, up to this many entries per request. */
  static final int MAX_JOURNAL_SCAN = 20_000;

  private static final int JOURNAL_PAGE = 1_000;
  private static final TypeReference<Page<BatchSummary>> BATCHES = new TypeReference<>() {};
  private static final TypeReference<Page<JournalEntry>> JOURNAL = new TypeReference<>() {};
  private static final TypeReference<Page<ReceiptRecord>> RECEIPTS = new TypeReference<>() {};
  private static final TypeReference<List<Offer>> OFFERS = new TypeReference<>() {};

  /** A journal read: the entries seen, and whether that was all of it. */
  record JournalScan(List<JournalEntry> entries, boolean complete) {}

  private final LedgerGateway ledger;

  ExplorerReads(LedgerGateway ledger) {
    this.ledger = ledger;
  }

  Page<BatchSummary> batches(int pageSize, String bookmark) {
    return Json.read(
        ask(Transactions.LIST_BATCHES, Integer.toString(pageSize), bookmark).orElseThrow(),
        BATCHES);
  }

  Optional<BatchRecord> batch(String batchId) {
    return ask(Transactions.GET_BATCH, batchId).map(j -> Records.read(j, BatchRecord.class));
  }

  Optional<ProvenReceipt> receipt(String runId) {
    return ask(Transactions.GET_RECEIPT, runId).map(j -> Records.read(j, ProvenReceipt.class));
  }

  Optional<Participant> participant(String id) {
    return ask(Transactions.GET_PARTICIPANT, id).map(j -> Records.read(j, Participant.class));
  }

  /** A registered participant's key in {@code role}, or null when it is none. */
  PublicKey key(String id, Role role) {
    Optional<Participant> participant = participant(id);
    if (participant.isEmpty() || !role.attributeValue().equals(participant.get().role())) {
      return null;
    }
    try {
      return Pem.certificate(participant.get().certificatePem()).getPublicKey();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  long balance(String accountId) {
    return ask(Transactions.GET_BALANCE, accountId)
        .map(j -> Records.read(j, Records.Balance.class).balance())
        .orElse(0L);
  }

  /** Receipts of a provider or consumer ({@code by}) that finished since {@code fromMs}. */
  List<ReceiptRecord> receiptsOf(String by, String id, long fromMs, int max) {
    ReceiptQuery query = new ReceiptQuery(by, id, fromMs, null, max, "");
    return Json.read(ask(Transactions.QUERY_RECEIPTS, Json.write(query)).orElseThrow(), RECEIPTS)
        .records();
  }

  List<Offer> liveOffers() {
    return Json.read(ask(Transactions.LIST_OFFERS, "false").orElseThrow(), OFFERS);
  }

  /** The journal, in the ledger's order (by transaction id), at most {@link #MAX_JOURNAL_SCAN}. */
  JournalScan journal() {
    List<JournalEntry> entries = new ArrayList<>();
    String bookmark = "";
    while (entries.size() < MAX_JOURNAL_SCAN) {
      Page<JournalEntry> page =
          Json.read(
              ask(Transactions.LIST_JOURNAL, Integer.toString(JOURNAL_PAGE), bookmark)
                  .orElseThrow(),
              JOURNAL);
      entries.addAll(page.records());
      if (page.last()) {
        return new JournalScan(entries, true);
      }
      bookmark = page.bookmark();
    }
    return new JournalScan(entries, false);
  }

  private Optional<String> ask(String transaction, String... args) {
    try {
      return Optional.of(ledger.evaluate(transaction, args));
    } catch (LedgerException e) {
      switch (e.code()) {
        case ErrorCodes.NOT_FOUND -> {
          return Optional.empty();
        }
        case ErrorCodes.BAD_REQUEST ->
            throw new ApiException(400, ErrorCodes.BAD_REQUEST, LedgerRelay.text(e));
        default ->
            throw new ApiException(
                503, ErrorCodes.UNAVAILABLE, "the ledger did not answer: " + LedgerRelay.text(e));
      }
    }
  }
}
