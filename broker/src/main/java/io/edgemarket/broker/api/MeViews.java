package io.edgemarket.broker.api;

import io.edgemarket.broker.market.RefusalLog;
import io.edgemarket.model.api.Verification;
import java.util.List;

/**
 * The JSON bodies of {@code /api/v1/me} and {@code /api/v1/me/*}: one participant's own view (issue
 * 15, docs/http-api.md "Your own view"). Nothing here names another participant's data but the
 * providers that ran the caller's own invocations or are named in its own disputes.
 */
final class MeViews {
  private MeViews() {}

  /**
   * {@code GET /api/v1/me}: who is signed in, its balance ({@code null} when the ledger has no
   * account for it), the part of it locked as stake, and the views its role may open.
   */
  record Me(String participantId, String role, Long balance, long locked, List<String> views) {}

  /** Settled amounts of receipts finished in one bucket's span, by the time they were paid. */
  record Bucket(long start, long amount, int receipts) {}

  /** A number of receipts and what they add up to. */
  record Sum(int receipts, long amount) {}

  /**
   * {@code GET /api/v1/me/earnings} (a provider: its share of each settled receipt) and {@code GET
   * /api/v1/me/spend} (a consumer: what each settled receipt cost it), over {@code [from, to]};
   * {@code pending} is what waits in the broker's settlement queue now, at the receipts' full
   * amounts (the broker's fee is taken when they settle). {@code truncated}: the window held more
   * receipts than one answer reads, and the newest are missing.
   */
  record Money(
      String participantId,
      long from,
      long to,
      long bucketMillis,
      List<Bucket> buckets,
      Sum settled,
      Sum pending,
      boolean truncated) {}

  /** {@code GET /api/v1/me/refusals}: a provider's refusals since the broker started. */
  record Refusals(
      String providerId, long refused, long busy, long faults, List<RefusalLog.Entry> recent) {}

  /**
   * One dispute that names the caller: as the consumer whose invocation it is, or as a provider
   * whose run it compares; {@code slashed} says whether the caller's stake paid for it.
   */
  record DisputeView(
      String invocationId,
      String functionId,
      List<String> providers,
      String status,
      String outcome,
      String reason,
      long openedAt,
      Long resolvedAt,
      boolean slashed,
      long refunded,
      long slashedTotal) {}

  /** {@code GET /api/v1/me/disputes}, newest first. */
  record Disputes(List<DisputeView> disputes, boolean truncated) {}

  record Version(String digest, long registeredAt) {}

  /** One of the consumer's functions at its latest version, with every version it has had. */
  record FunctionView(
      String functionId,
      String name,
      String runtime,
      String trustLevel,
      String digest,
      long maxPricePerInvocation,
      long registeredAt,
      Long retiredAt,
      List<Version> versions) {}

  /** {@code GET /api/v1/me/functions}, by name. */
  record Functions(List<FunctionView> functions, boolean truncated) {}

  /** The provider's signed receipt of a run, as the broker verified and accepted it. */
  record ReceiptView(
      String runId,
      String providerId,
      String offerId,
      String status,
      long amount,
      String outputDigest,
      long finishedAt) {}

  /**
   * One of the consumer's invocations; {@code verification} is null when the receipt alone vouches
   * for it (the broker verified its signature before answering).
   */
  record InvocationView(
      String invocationId,
      String functionId,
      long issuedAt,
      String status,
      long cost,
      String providerId,
      String settlement,
      String batchId,
      ReceiptView receipt,
      Verification verification,
      String error) {}

  /** {@code GET /api/v1/me/invocations}, newest ticket first. */
  record Invocations(List<InvocationView> invocations, boolean truncated) {}
}
