package io.edgemarket.ledger.fabric;

import static io.edgemarket.ledger.fabric.Market.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Grant;
import io.edgemarket.model.GrantTrigger;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Pricing;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.SettlementBatch;
import io.edgemarket.model.Statement;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerException.Phase;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.testing.InvocationSamples;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Settlement as every backend must do it: exact balances, conservation, receipt-level rejections
 * that move nothing, paging, and MVCC between concurrent batches for one consumer. A backend's test
 * class extends this one; the scenarios run unchanged on each.
 */
abstract class SettlementConformance extends LedgerConformance {

  /** Publishes an offer and registers a function, both unique to the calling scenario. */
  protected String[] work(Identity provider, Identity consumer, String tag) throws Exception {
    String offerId = "offer-" + market.run + "-" + tag;
    market.submit(provider, Transactions.PUBLISH_OFFER, InvocationSamples.offerJson(offerId));
    market.submit(
        consumer, Transactions.REGISTER_FUNCTION, InvocationSamples.functionJson("fn-" + tag));
    return new String[] {offerId, "fn-" + tag};
  }

  private List<Receipt> receipts(
      Identity provider, Identity consumer, String[] work, String tag, int n) {
    List<Receipt> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(
          InvocationSamples.receipt(
              market.broker,
              provider,
              work[0],
              consumer,
              work[1],
              "inv-" + market.run + "-" + tag + i));
    }
    return list;
  }

  protected JsonNode settle(String batchId, List<Receipt> receipts) throws LedgerException {
    return market.submit(
        market.broker, Transactions.SETTLE_BATCH, InvocationSamples.batchJson(batchId, receipts));
  }

  @Test
  void aBrokerSignedBatchIsPaidAndOneSignedBySomeoneElseIsRefusedWhole() throws Exception {
    String[] work = work(market.provider, market.consumer, "signed");
    market.credit(market.consumer, 100_000);
    long consumer = market.balance(market.consumer);
    long amount = InvocationSamples.amount(InvocationSamples.FUEL);

    String signedId = "batch-" + market.run + "-signed";
    SettlementBatch signed =
        SettlementBatch.signed(
            signedId, receipts(market.provider, market.consumer, work, "signed", 2), market.broker);
    JsonNode result = market.submit(market.broker, Transactions.SETTLE_BATCH, Json.write(signed));
    assertEquals(2, result.get("settled").size());
    assertEquals(consumer - 2 * amount, market.balance(market.consumer));
    JsonNode stored = market.evaluate(market.auditor, Transactions.GET_BATCH, signedId);
    assertEquals(signed.brokerSignature(), stored.get("brokerSignature").asText());

    // The same kind of batch signed by the provider and submitted by the broker: refused whole.
    SettlementBatch forged =
        SettlementBatch.signed(
            "batch-" + market.run + "-forged",
            receipts(market.provider, market.consumer, work, "forged", 2),
            market.provider);
    long before = market.balance(market.consumer);
    LedgerException refused =
        failure(() -> market.submit(market.broker, Transactions.SETTLE_BATCH, Json.write(forged)));
    assertEquals(ErrorCodes.BAD_SIGNATURE, refused.code());
    assertEquals(before, market.balance(market.consumer), "nothing moved");
    market.assertConserved();
  }

  /**
   * Issue 11: a provider's statement over its receipts and a consumer's over its tickets stand for
   * their own signatures, which here verify for nobody (signed by another registered party); the
   * same receipts under statements signed by the wrong parties are refused and move nothing.
   */
  @Test
  void statementsStandForTheSignaturesTheirSignersVouchForAndNoOneElses() throws Exception {
    String[] work = work(market.provider, market.consumer, "stated");
    market.credit(market.consumer, 100_000);
    long amount = InvocationSamples.amount(InvocationSamples.FUEL);
    List<Receipt> stated =
        withForeignSignatures(receipts(market.provider, market.consumer, work, "st", 2));
    List<Receipt> misstated =
        withForeignSignatures(receipts(market.provider, market.consumer, work, "ms", 2));

    long before = market.balance(market.consumer);
    SettlementBatch wrong =
        SettlementBatch.signed("batch-" + market.run + "-misstated", misstated, market.broker)
            .withStatements(
                List.of(
                    claimedFor(
                        statement(Statement.RECEIPTS, market.provider2, misstated),
                        market.provider),
                    claimedFor(
                        statement(Statement.TICKETS, market.provider2, misstated),
                        market.consumer)));
    JsonNode refused = market.submit(market.broker, Transactions.SETTLE_BATCH, Json.write(wrong));
    assertEquals(0, refused.get("settled").size());
    assertEquals(2, refused.get("rejected").size());
    assertEquals(before, market.balance(market.consumer), "nothing moved");

    String batchId = "batch-" + market.run + "-stated";
    SettlementBatch batch =
        SettlementBatch.signed(batchId, stated, market.broker)
            .withStatements(
                List.of(
                    statement(Statement.RECEIPTS, market.provider, stated),
                    statement(Statement.TICKETS, market.consumer, stated)));
    JsonNode result = market.submit(market.broker, Transactions.SETTLE_BATCH, Json.write(batch));
    assertEquals(2, result.get("settled").size(), result::toString);
    assertEquals(before - 2 * amount, market.balance(market.consumer));
    JsonNode stored = market.evaluate(market.auditor, Transactions.GET_BATCH, batchId);
    assertEquals(2, stored.get("statements").size(), "the ledger keeps them for auditors");
    market.assertConserved();
  }

  /**
   * Issue 12: a run fired under a consumer's grant (no ticket of the consumer's) is paid within the
   * grant's maxCalls; one past it, one under a ticket the broker signed without a grant, and one
   * after the grant was revoked are refused and move nothing.
   */
  @Test
  void firingsUnderAGrantArePaidWithinItAndNothingElseIs() throws Exception {
    String[] work = work(market.provider, market.consumer, "granted");
    market.credit(market.consumer, 100_000);
    long now = System.currentTimeMillis();
    Grant grant =
        Grant.sign(
            market.consumer,
            "grant-" + market.run,
            FunctionSpec.idOf(market.consumer.id(), work[1]),
            InvocationSamples.DIGEST,
            market.broker.id(),
            GrantTrigger.route("sensor", "key"),
            1_000_000,
            2,
            1_000_000,
            now - 60_000,
            now + 3_600_000);
    market.submit(market.consumer, Transactions.PUBLISH_GRANT, Json.write(grant));
    List<Receipt> fired = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      var ticket =
          InvocationTicket.fire(
              market.broker,
              grant,
              "inv-" + market.run + "-granted" + i,
              InvocationSamples.INPUT,
              1_000_000,
              now,
              now + 600_000);
      fired.add(
          InvocationSamples.receipt(
              market.broker, market.provider, work[0], ticket, InvocationSamples.FUEL));
    }
    Receipt withoutGrant = receipts(market.provider, market.consumer, work, "nogrant", 1).get(0);
    var brokerSigned =
        withoutGrant
            .ticket()
            .withSignature(
                Base64.getEncoder()
                    .encodeToString(market.broker.sign(withoutGrant.ticket().signingPayload())));
    List<Receipt> batch = new ArrayList<>(fired);
    batch.add(
        InvocationSamples.receipt(
            market.broker, market.provider, work[0], brokerSigned, InvocationSamples.FUEL));
    long before = market.balance(market.consumer);
    JsonNode result = settle("batch-" + market.run + "-granted", batch);
    assertEquals(2, result.get("settled").size(), result::toString);
    assertEquals(ErrorCodes.GRANT_EXHAUSTED, result.get("rejected").get(0).get("code").asText());
    assertEquals(ErrorCodes.BAD_SIGNATURE, result.get("rejected").get(1).get("code").asText());
    long amount = InvocationSamples.amount(InvocationSamples.FUEL);
    assertEquals(before - 2 * amount, market.balance(market.consumer));
    JsonNode status = market.evaluate(market.consumer, Transactions.GET_GRANT, grant.grantId());
    assertEquals(2, status.get("calls").asLong());

    market.submit(market.consumer, Transactions.REVOKE_GRANT, grant.grantId());
    JsonNode late = settle("batch-" + market.run + "-revoked", List.of(fired.get(2)));
    assertEquals(ErrorCodes.GRANT_REVOKED, late.get("rejected").get(0).get("code").asText());
    assertEquals(before - 2 * amount, market.balance(market.consumer), "nothing more moved");
    market.assertConserved();
  }

  /** The receipts with receipt and ticket signed by provider-2: valid bytes, wrong signers. */
  private List<Receipt> withForeignSignatures(List<Receipt> receipts) {
    List<Receipt> out = new ArrayList<>();
    for (Receipt r : receipts) {
      var ticket =
          r.ticket()
              .withSignature(
                  Base64.getEncoder()
                      .encodeToString(market.provider2.sign(r.ticket().signingPayload())));
      Receipt moved =
          new Receipt(
              ticket,
              r.assignment(),
              r.providerId(),
              r.offerId(),
              r.outputDigest(),
              r.status(),
              r.usage(),
              r.pricePerInvocation(),
              r.pricePerMegaFuel(),
              r.amount(),
              r.startedAt(),
              r.finishedAt(),
              r.sequence(),
              null);
      out.add(InvocationSamples.signedBy(market.provider2, moved));
    }
    return out;
  }

  private static Statement statement(String kind, Identity signer, List<Receipt> receipts) {
    return Statement.sign(
        kind,
        signer,
        "s-" + kind,
        receipts.stream()
            .map(r -> Statement.RECEIPTS.equals(kind) ? r.leafHash() : r.ticket().leafHash())
            .toList());
  }

  private static Statement claimedFor(Statement s, Identity who) {
    return new Statement(s.kind(), who.id(), s.statementId(), s.leaves(), s.signature());
  }

  @Test
  void aBatchPaysProvidersAndBrokerExactlyAndRejectsReplaysAndForgeries() throws Exception {
    String[] work = work(market.provider, market.consumer, "pay");
    market.credit(market.consumer, 100_000);
    long consumer = market.balance(market.consumer);
    long provider = market.balance(market.provider);
    long broker = market.balance(market.broker);
    long amount = InvocationSamples.amount(InvocationSamples.FUEL);
    long fee = Pricing.brokerFee(amount, market.brokerFeeBps());
    List<Receipt> paid = receipts(market.provider, market.consumer, work, "pay", 3);

    JsonNode result = settle("batch-" + market.run + "-pay", paid);
    assertEquals(3, result.get("settled").size());
    assertEquals(3 * amount, result.get("totalAmount").asLong());
    assertEquals(consumer - 3 * amount, market.balance(market.consumer));
    assertEquals(provider + 3 * (amount - fee), market.balance(market.provider));
    assertEquals(broker + 3 * fee, market.balance(market.broker));
    market.assertConserved();

    Receipt forged =
        InvocationSamples.receipt(
            market.broker,
            market.provider,
            work[0],
            market.consumer,
            work[1],
            "inv-" + market.run + "-f");
    // Signed by another registered provider over the same payload: well-formed, but not its own.
    forged =
        forged.withSignature(
            Base64.getEncoder().encodeToString(market.provider2.sign(forged.signingPayload())));
    JsonNode rejected = settle("batch-" + market.run + "-bad", List.of(paid.get(0), forged));
    assertEquals(0, rejected.get("settled").size());
    assertEquals(ErrorCodes.DUPLICATE, rejected.get("rejected").get(0).get("code").asText());
    assertEquals(ErrorCodes.BAD_SIGNATURE, rejected.get("rejected").get(1).get("code").asText());
    assertEquals(consumer - 3 * amount, market.balance(market.consumer));
    assertEquals(provider + 3 * (amount - fee), market.balance(market.provider));

    LedgerException again = failure(() -> settle("batch-" + market.run + "-pay", paid));
    assertEquals(ErrorCodes.DUPLICATE, again.code());
    assertEquals(Phase.ENDORSE, again.phase());
    LedgerException byProvider =
        failure(
            () ->
                market.submit(
                    market.provider,
                    Transactions.SETTLE_BATCH,
                    InvocationSamples.batchJson("batch-" + market.run + "-p", paid)));
    assertEquals(ErrorCodes.FORBIDDEN, byProvider.code());
    market.assertConserved();
  }

  @Test
  void receiptsPageByProviderWithBookmarks() throws Exception {
    String[] work = work(market.provider2, market.consumer, "page");
    market.credit(market.consumer, 50_000);
    List<Receipt> batch = receipts(market.provider2, market.consumer, work, "page", 3);
    assertEquals(3, settle("batch-" + market.run + "-page", batch).get("settled").size());
    Set<String> seen = new HashSet<>();
    String bookmark = "";
    int pages = 0;
    do {
      // Bookmarks are composite keys (NUL-separated), so the query must be real JSON.
      String query =
          Json.write(
              Map.of(
                  "by",
                  "provider",
                  "id",
                  market.provider2.id(),
                  "pageSize",
                  1,
                  "bookmark",
                  bookmark));
      JsonNode page = market.evaluate(market.auditor, Transactions.QUERY_RECEIPTS, query);
      assertTrue(page.get("records").size() <= 1, "page size 1");
      page.get("records")
          .forEach(r -> seen.add(r.get("receipt").get("ticket").get("invocationId").asText()));
      bookmark = page.path("bookmark").asText("");
      assertTrue(++pages <= 4, "paging must end");
    } while (!bookmark.isEmpty());
    assertEquals(Set.copyOf(batch.stream().map(Receipt::invocationId).toList()), seen);
    JsonNode proven =
        market.evaluate(market.consumer, Transactions.GET_RECEIPT, batch.get(1).invocationId());
    assertEquals(1, proven.get("leafIndex").asInt());
  }

  @Test
  void concurrentBatchesForOneConsumerConflictAtMostOnce() throws Exception {
    String[] work = work(market.provider, market.consumer2, "mvcc");
    market.credit(market.consumer2, 100_000);
    long before = market.balance(market.consumer2);
    List<Receipt> a = receipts(market.provider, market.consumer2, work, "a", 2);
    List<Receipt> b = receipts(market.provider, market.consumer2, work, "b", 2);
    List<String> ids = List.of("batch-" + market.run + "-a", "batch-" + market.run + "-b");
    List<List<Receipt>> batches = List.of(a, b);
    List<Thread> threads = new ArrayList<>();
    LedgerException[] failures = new LedgerException[2];
    for (int i = 0; i < 2; i++) {
      int k = i;
      Thread t =
          new Thread(
              () -> {
                try {
                  settle(ids.get(k), batches.get(k));
                } catch (LedgerException e) {
                  failures[k] = e;
                }
              });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    int conflicts = 0;
    for (int i = 0; i < 2; i++) {
      if (failures[i] != null) {
        assertEquals(ErrorCodes.MVCC_READ_CONFLICT, failures[i].code(), failures[i].getMessage());
        assertEquals(Phase.COMMIT, failures[i].phase());
        conflicts++;
        assertEquals(2, settle(ids.get(i), batches.get(i)).get("settled").size());
      }
    }
    assertTrue(conflicts <= 1, "at most one of two batches conflicts");
    // Whether they conflict depends on timing; the report says which case ran.
    System.out.printf(
        "%s: concurrent batches, %d MVCC conflict(s)%n", getClass().getSimpleName(), conflicts);
    assertEquals(
        before - 4 * InvocationSamples.amount(InvocationSamples.FUEL),
        market.balance(market.consumer2));
    market.assertConserved();
  }
}
