package io.edgemarket.broker.api;

import io.edgemarket.broker.api.ExplorerViews.Journal;
import io.edgemarket.broker.api.ExplorerViews.Match;
import io.edgemarket.broker.api.ExplorerViews.OfferRow;
import io.edgemarket.broker.api.ExplorerViews.ReceiptRow;
import io.edgemarket.broker.api.ExplorerViews.SearchResult;
import io.edgemarket.model.Offer;
import io.edgemarket.model.Role;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.BatchRecord;
import io.edgemarket.model.ledger.Records.JournalEntry;
import io.edgemarket.model.ledger.Records.Participant;
import io.edgemarket.model.ledger.Records.Posting;
import io.edgemarket.model.ledger.Records.ProvenReceipt;
import io.edgemarket.model.ledger.Records.ReceiptRecord;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The web UI's ledger explorer for auditors and admins ({@code /api/v1/explorer/...},
 * docs/http-api.md#ledger-explorer): batches, receipts with their Merkle path and signatures,
 * search by any id, an account's journal, and the latest audit report an auditor published.
 * Everything is read from the ledger as the broker; nothing here writes to it.
 */
final class ExplorerHandlers {
  static final int MAX_PAGE = 200;
  static final int MAX_QUERY = 256;

  /** Journal entries answered for one account, newest first. */
  static final int MAX_JOURNAL_ENTRIES = 500;

  /** A participant's receipts shown by search: the latest of the last day. */
  static final int RECENT_RECEIPTS = 20;

  private static final long DAY_MILLIS = 24 * 3600 * 1000L;

  /** Redundant runs are settled under {@code id#1}.. (model's Assignment.MAX_REPLICAS - 1). */
  private static final int MAX_RUN = 4;

  private final ExplorerReads reads;
  private final ExplorerChecks checks;
  private final AuditReports reports;

  ExplorerHandlers(ApiServices services) {
    this.reads = new ExplorerReads(services.brokerLedger());
    this.checks = new ExplorerChecks(reads);
    this.reports = new AuditReports(services.dataDir());
  }

  /** {@code GET /explorer/batches?pageSize=N&bookmark=B}: a page in the ledger's order. */
  void batches(Context ctx) {
    int size = intParam(ctx, "pageSize", 50, 1, MAX_PAGE);
    String bookmark = Optional.ofNullable(ctx.queryParam("bookmark")).orElse("");
    ctx.json(reads.batches(size, bookmark));
  }

  void batch(Context ctx) {
    String id = ctx.pathParam("batchId");
    BatchRecord batch = reads.batch(id).orElseThrow(() -> notFound("no batch " + id));
    ctx.json(checks.batch(batch));
  }

  void receipt(Context ctx) {
    String id = ctx.pathParam("runId");
    ProvenReceipt record =
        reads.receipt(id).orElseThrow(() -> notFound("no settled receipt " + id));
    ctx.json(checks.receipt(id, record, reads.batch(record.batchId()).orElse(null)));
  }

  /** {@code GET /explorer/search?q=ID}: what an id names, of every kind the ledger knows. */
  void search(Context ctx) {
    String q = Optional.ofNullable(ctx.queryParam("q")).orElse("").trim();
    if (q.isEmpty() || q.length() > MAX_QUERY || q.chars().anyMatch(Character::isISOControl)) {
      throw new ApiException(
          400, ErrorCodes.BAD_REQUEST, "q must be 1-" + MAX_QUERY + " printable characters");
    }
    List<Match> matches = new ArrayList<>();
    reads.receipt(q).ifPresent(r -> matches.add(receiptMatch(q, r)));
    if (!q.contains("#")) {
      for (int run = 1; run <= MAX_RUN; run++) {
        Optional<ProvenReceipt> replica = reads.receipt(q + "#" + run);
        if (replica.isEmpty()) {
          break;
        }
        matches.add(receiptMatch(q + "#" + run, replica.get()));
      }
    }
    reads
        .batch(q)
        .ifPresent(
            b ->
                matches.add(
                    Match.of(
                        "batch", q, b.settled().size() + " settled, total " + b.totalAmount())));
    reads.participant(q).ifPresent(p -> matches.add(participantMatch(p)));
    if (matches.isEmpty()) {
      reads.journal().entries().stream()
          .filter(e -> q.equalsIgnoreCase(e.txId()))
          .findFirst()
          .ifPresent(
              e ->
                  matches.add(
                      new Match(
                          "transaction", e.txId(), e.kind() + " " + e.reference(), e, null, null)));
    }
    ctx.json(new SearchResult(q, matches));
  }

  /** {@code GET /explorer/accounts/{accountId}/journal}: the entries moving its money. */
  void journal(Context ctx) {
    String account = ctx.pathParam("accountId");
    ExplorerReads.JournalScan scan = reads.journal();
    List<JournalEntry> mine =
        scan.entries().stream()
            .filter(
                e -> e.postings() != null && e.postings().stream().anyMatch(p -> moves(p, account)))
            .sorted(Comparator.comparingLong(JournalEntry::timestamp).reversed())
            .limit(MAX_JOURNAL_ENTRIES)
            .toList();
    ctx.json(
        new Journal(account, reads.balance(account), mine, scan.entries().size(), scan.complete()));
  }

  void auditReport(Context ctx) {
    ctx.json(
        reports
            .latest()
            .orElseThrow(
                () ->
                    notFound(
                        "no audit report published yet (./edgemarket audit --publish, as an"
                            + " auditor)")));
  }

  /** {@code POST /explorer/audit-report}: an auditor publishes its latest report. */
  void publishAuditReport(Context ctx) {
    ctx.status(201)
        .json(
            reports.publish(
                Authenticator.caller(ctx).id(), ctx.bodyAsBytes(), System.currentTimeMillis()));
  }

  private static boolean moves(Posting posting, String account) {
    return account.equals(posting.from()) || account.equals(posting.to());
  }

  private static Match receiptMatch(String id, ProvenReceipt r) {
    return Match.of(
        "receipt",
        id,
        "amount "
            + r.receipt().amount()
            + " to "
            + r.receipt().providerId()
            + ", settled in batch "
            + r.batchId());
  }

  private Match participantMatch(Participant p) {
    List<ReceiptRow> receipts = null;
    List<OfferRow> offers = null;
    long since = System.currentTimeMillis() - DAY_MILLIS;
    if (Role.PROVIDER.attributeValue().equals(p.role())) {
      receipts = rows(reads.receiptsOf("provider", p.id(), since, 1_000));
      offers = new ArrayList<>();
      for (Offer o : reads.liveOffers()) {
        if (p.id().equals(o.providerId())) {
          offers.add(
              new OfferRow(
                  o.offerId(),
                  o.region(),
                  o.pricePerInvocation(),
                  o.pricePerMegaFuel(),
                  o.stake()));
        }
      }
    } else if (Role.CONSUMER.attributeValue().equals(p.role())) {
      receipts = rows(reads.receiptsOf("consumer", p.id(), since, 1_000));
    }
    return new Match("participant", p.id(), p.role() + ", " + p.status(), null, receipts, offers);
  }

  /** The latest {@link #RECENT_RECEIPTS}, newest first (the index gives them oldest first). */
  private static List<ReceiptRow> rows(List<ReceiptRecord> records) {
    List<ReceiptRow> rows = new ArrayList<>();
    for (int i = records.size() - 1; i >= 0 && rows.size() < RECENT_RECEIPTS; i--) {
      ReceiptRecord r = records.get(i);
      rows.add(
          new ReceiptRow(
              r.receipt().assignment().runId(),
              r.receipt().providerId(),
              r.receipt().ticket().consumerId(),
              r.receipt().ticket().functionId(),
              r.receipt().status(),
              r.receipt().amount(),
              r.batchId(),
              r.settledAt()));
    }
    return rows;
  }

  private static int intParam(Context ctx, String name, int fallback, int min, int max) {
    String text = ctx.queryParam(name);
    if (text == null || text.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ApiException(
        400, ErrorCodes.BAD_REQUEST, name + " must be " + min + ".." + max + ": " + text);
  }

  private static ApiException notFound(String message) {
    return new ApiException(404, ErrorCodes.NOT_FOUND, message);
  }
}
