package io.edgemarket.broker.api;

import io.edgemarket.broker.chain.LedgerReads;
import io.edgemarket.broker.invoke.InvocationService;
import io.edgemarket.broker.market.OfferBook;
import io.edgemarket.broker.market.ProviderStats;
import io.edgemarket.broker.market.RefusalLog;
import io.edgemarket.broker.settle.SettlementQueue;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.http.AuthenticatedCaller;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.Records.Balance;
import io.edgemarket.model.ledger.Records.Dispute;
import io.edgemarket.model.ledger.Records.Page;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code /api/v1/me} and {@code /api/v1/me/*}: the signed-in participant's own view (issue 15).
 * Every answer is about the caller alone: no route takes a participant id, the route table limits
 * each to the roles it concerns, and each reads only what names the caller.
 */
final class MeHandlers {
  static final int MAX_INVOCATIONS = 100;
  static final int MAX_FUNCTIONS = 100;
  static final int MAX_DISPUTES = 100;
  private static final int DISPUTE_PAGES = 10;

  private final LedgerReads ledger;
  private final SettlementQueue queue;
  private final InvocationService invocations;
  private final OfferBook offers;

  MeHandlers(ApiServices services) {
    this.ledger = services.reads();
    this.queue = services.queue();
    this.invocations = services.invocations();
    this.offers = services.offers();
  }

  /** {@code GET /api/v1/me}. */
  void summary(Context ctx) {
    AuthenticatedCaller caller = Authenticator.caller(ctx);
    Balance balance = ledger(() -> ledger.balance(caller.id())).orElse(null);
    List<String> views =
        switch (caller.role()) {
          case PROVIDER -> List.of("earnings", "refusals", "disputes");
          case CONSUMER -> List.of("functions", "spend", "invocations", "disputes");
          default -> List.of();
        };
    answer(
        ctx,
        new MeViews.Me(
            caller.id(),
            caller.role().attributeValue(),
            balance == null ? null : balance.balance(),
            balance == null || balance.locked() == null ? 0 : balance.locked(),
            views));
  }

  /** {@code GET /api/v1/me/earnings?since=MILLIS}: a provider's. */
  void earnings(Context ctx) {
    money(ctx, "provider");
  }

  /** {@code GET /api/v1/me/spend?since=MILLIS}: a consumer's. */
  void spend(Context ctx) {
    money(ctx, "consumer");
  }

  private void money(Context ctx, String by) {
    AuthenticatedCaller caller = Authenticator.caller(ctx);
    long now = System.currentTimeMillis();
    long from = Math.max(since(ctx, now - MeMoney.DAY), now - MeMoney.MAX_WINDOW);
    answer(ctx, ledger(() -> MeMoney.of(ledger, queue, by, caller.id(), Math.min(from, now), now)));
  }

  /** {@code GET /api/v1/me/refusals}: a provider's. */
  void refusals(Context ctx) {
    AuthenticatedCaller caller = Authenticator.caller(ctx);
    ProviderStats stats = offers.knownStats(caller.id());
    RefusalLog.Counts counts =
        stats == null ? new RefusalLog.Counts(0, 0, 0) : stats.refusals().counts();
    answer(
        ctx,
        new MeViews.Refusals(
            caller.id(),
            counts.refused(),
            counts.busy(),
            counts.faults(),
            stats == null ? List.of() : stats.refusals().recent()));
  }

  /** {@code GET /api/v1/me/disputes}: those about the caller's invocations or runs. */
  void disputes(Context ctx) {
    AuthenticatedCaller caller = Authenticator.caller(ctx);
    List<MeViews.DisputeView> mine = new ArrayList<>();
    boolean truncated = false;
    String bookmark = "";
    for (int page = 0; ; page++) {
      if (page == DISPUTE_PAGES) {
        truncated = true;
        break;
      }
      String after = bookmark;
      Page<Dispute> slice = ledger(() -> ledger.disputes(MeMoney.PAGE, after));
      for (Dispute d : slice.records() == null ? List.<Dispute>of() : slice.records()) {
        List<String> providers =
            d.receipts().stream().map(Receipt::providerId).distinct().sorted().toList();
        boolean names =
            caller.role() == Role.CONSUMER
                ? caller.id().equals(d.consumerId())
                : providers.contains(caller.id()) || d.slashed().contains(caller.id());
        if (names) {
          mine.add(view(d, providers, caller.id()));
        }
      }
      if (slice.last()) {
        break;
      }
      bookmark = slice.bookmark();
    }
    mine.sort(Comparator.comparingLong(MeViews.DisputeView::openedAt).reversed());
    truncated |= mine.size() > MAX_DISPUTES;
    answer(
        ctx, new MeViews.Disputes(mine.subList(0, Math.min(mine.size(), MAX_DISPUTES)), truncated));
  }

  private static MeViews.DisputeView view(Dispute d, List<String> providers, String me) {
    return new MeViews.DisputeView(
        d.invocationId(),
        d.functionId(),
        providers,
        d.status(),
        d.outcome(),
        d.reason(),
        d.openedAt(),
        d.resolvedAt(),
        d.slashed().contains(me),
        d.refunded(),
        d.slashedTotal());
  }

  /** {@code GET /api/v1/me/functions}: a consumer's, with their versions. */
  void functions(Context ctx) {
    AuthenticatedCaller caller = Authenticator.caller(ctx);
    List<FunctionSpec> specs = new ArrayList<>(ledger(() -> ledger.functions(caller.id())));
    specs.sort(Comparator.comparing(FunctionSpec::name));
    List<MeViews.FunctionView> views = new ArrayList<>();
    for (FunctionSpec spec : specs.subList(0, Math.min(specs.size(), MAX_FUNCTIONS))) {
      List<MeViews.Version> versions =
          ledger(() -> ledger.versions(spec.functionId())).stream()
              .map(v -> new MeViews.Version(v.digest(), v.registeredAt()))
              .toList();
      views.add(
          new MeViews.FunctionView(
              spec.functionId(),
              spec.name(),
              spec.runtime(),
              spec.trustLevel() == null ? null : spec.trustLevel().name(),
              spec.digest(),
              spec.maxPricePerInvocation(),
              spec.registeredAt(),
              spec.retiredAt(),
              versions));
    }
    answer(ctx, new MeViews.Functions(views, specs.size() > MAX_FUNCTIONS));
  }

  /** {@code GET /api/v1/me/invocations}: a consumer's latest, with receipts and verification. */
  void invocations(Context ctx) {
    AuthenticatedCaller caller = Authenticator.caller(ctx);
    List<InvocationService.Recent> recent = invocations.recent(caller.id(), MAX_INVOCATIONS + 1);
    List<MeViews.InvocationView> views = new ArrayList<>();
    for (InvocationService.Recent r : recent.subList(0, Math.min(recent.size(), MAX_INVOCATIONS))) {
      views.add(view(r));
    }
    answer(ctx, new MeViews.Invocations(views, recent.size() > MAX_INVOCATIONS));
  }

  private static MeViews.InvocationView view(InvocationService.Recent recent) {
    InvocationResult r = recent.result();
    Receipt receipt = r.receipt();
    return new MeViews.InvocationView(
        r.invocationId(),
        recent.functionId(),
        recent.issuedAt(),
        r.status().name(),
        r.cost(),
        r.providerId(),
        r.settlement() == null ? null : r.settlement().name(),
        r.batchId(),
        receipt == null
            ? null
            : new MeViews.ReceiptView(
                receipt.assignment() == null ? r.invocationId() : receipt.assignment().runId(),
                receipt.providerId(),
                receipt.offerId(),
                receipt.status(),
                receipt.amount(),
                receipt.outputDigest(),
                receipt.finishedAt()),
        r.verification(),
        r.error());
  }

  private static long since(Context ctx, long fallback) {
    String since = ctx.queryParam("since");
    if (since == null || since.isBlank()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(since.trim());
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ApiException(
          400, ErrorCodes.BAD_REQUEST, "since must be epoch milliseconds, not '" + since + "'");
    }
  }

  private static void answer(Context ctx, Object body) {
    ctx.header("Cache-Control", "no-store").json(body);
  }

  private interface LedgerRead<T> {
    T read() throws LedgerException;
  }

  private static <T> T ledger(LedgerRead<T> read) {
    try {
      return read.read();
    } catch (LedgerException e) {
      throw new ApiException(
          503, ErrorCodes.UNAVAILABLE, "the ledger did not answer: " + LedgerRelay.text(e));
    }
  }
}
