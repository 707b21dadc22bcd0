package io.edgemarket.ledger.fabric;

import static io.edgemarket.ledger.fabric.Market.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.Assignment;
import io.edgemarket.model.CertificateRotation;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.Usage;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.testing.InvocationSamples;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Attacks on money itself (SECURITY.md, issue 9 attacks 1, 3, 6, 9, 10 and 11), each performed
 * through the ledger port and shown to fail: roles from the wrong organisation and money made by
 * one organisation alone, draining escrow before settlement, paying a transfer twice, keys that
 * must be rotated or suspended, arithmetic edges, and unbounded credit slips.
 */
abstract class MoneyAttackConformance extends ReceiptAttackConformance {

  private boolean twoOrganisations() {
    return !market.admin.mspId().equals(market.admin2.mspId());
  }

  @Test
  void aRoleCountsOnlyFromTheOrganisationsAllowedToGrantItAndMoneyNeedsThemAll() throws Exception {
    if (!twoOrganisations()) {
      // One organisation governs alone: its admin's credit is made at once.
      long before = market.balance(market.consumer2);
      market.submit(
          market.admin,
          Transactions.CREDIT_ESCROW,
          market.consumer2.id(),
          "7",
          "solo " + market.run);
      assertEquals(before + 7, market.balance(market.consumer2));
      return;
    }
    // The providers' CA writes broker into a certificate: the market does not believe it.
    Identity rogueBroker =
        market.backend.enrollAt(Role.PROVIDER, "rogue-broker-" + market.run, Role.BROKER);
    LedgerException register =
        failure(() -> market.submit(rogueBroker, Transactions.REGISTER_PARTICIPANT));
    assertEquals(ErrorCodes.FORBIDDEN, register.code());
    LedgerException settle =
        failure(
            () ->
                market.submit(
                    rogueBroker,
                    Transactions.SETTLE_BATCH,
                    InvocationSamples.batchJson(
                        "batch-" + market.run + "-rogue",
                        List.of(
                            InvocationSamples.receipt(
                                rogueBroker,
                                market.provider,
                                "offer-" + market.run + "-rogue",
                                market.consumer,
                                "fn-rogue",
                                "inv-" + market.run + "-rogue")))));
    assertEquals(ErrorCodes.FORBIDDEN, settle.code());
    Identity rogueProvider =
        market.backend.enrollAt(Role.CONSUMER, "rogue-provider-" + market.run, Role.PROVIDER);
    assertEquals(
        ErrorCodes.FORBIDDEN,
        failure(() -> market.submit(rogueProvider, Transactions.REGISTER_PARTICIPANT)).code());

    // One organisation's admin alone makes no money.
    long consumer = market.balance(market.consumer2);
    long issuer = market.balance("@issuer");
    String ref = "two-org credit " + market.run;
    JsonNode first =
        market.submit(
            market.admin2, Transactions.CREDIT_ESCROW, market.consumer2.id(), "5000", ref);
    assertEquals("PENDING", first.get("status").asText());
    assertEquals(consumer, market.balance(market.consumer2));
    assertEquals(issuer, market.balance("@issuer"));
    // Approving twice from the same organisation changes nothing.
    assertEquals(
        "PENDING",
        market
            .submit(market.admin2, Transactions.CREDIT_ESCROW, market.consumer2.id(), "5000", ref)
            .get("status")
            .asText());
    assertEquals(consumer, market.balance(market.consumer2));
    JsonNode second =
        market.submit(market.admin, Transactions.CREDIT_ESCROW, market.consumer2.id(), "5000", ref);
    assertEquals("DONE", second.get("status").asText());
    assertEquals(consumer + 5000, market.balance(market.consumer2));
    // The same decision cannot be carried out twice.
    assertEquals(
        ErrorCodes.DUPLICATE,
        failure(
                () ->
                    market.submit(
                        market.admin2,
                        Transactions.CREDIT_ESCROW,
                        market.consumer2.id(),
                        "5000",
                        ref))
            .code());

    // Nor can one organisation rebind the roles on its own.
    var grab = market.governance();
    var wanted =
        new io.edgemarket.model.ledger.Records.Governance(
            grab.orgs(),
            new java.util.TreeMap<>(
                java.util.Map.of(
                    "admin", List.of(market.admin2.mspId()),
                    "auditor", grab.orgs(),
                    "broker", List.of(market.admin2.mspId()),
                    "consumer", grab.roles().get("consumer"),
                    "provider", grab.roles().get("provider"))),
            0,
            null);
    JsonNode alone = market.submit(market.admin2, Transactions.SET_GOVERNANCE, Json.write(wanted));
    assertEquals("PENDING", alone.get("status").asText());
    assertEquals(
        grab.roles(),
        Json.read(
                market.as(market.auditor).evaluate(Transactions.GET_GOVERNANCE),
                io.edgemarket.model.ledger.Records.Governance.class)
            .roles());
    market.assertConserved();
  }

  @Test
  void aConsumerCannotDrainEscrowThatBacksTicketsItSigned() throws Exception {
    String[] work = work(market.provider, market.consumer2, "drain");
    market.credit(market.consumer2, 20_000);
    long balance = market.balance(market.consumer2);
    Receipt outstanding =
        InvocationSamples.receipt(
            market.broker,
            market.provider,
            work[0],
            market.consumer2,
            work[1],
            "inv-" + market.run + "-drain");
    // The consumer invokes, then moves its whole balance away before the receipt settles.
    JsonNode transfer =
        market.submit(
            market.consumer2,
            Transactions.TRANSFER,
            market.consumer.id(),
            Long.toString(balance),
            "drain " + market.run);
    assertEquals("PENDING", transfer.get("status").asText());
    assertEquals(balance, market.balance(market.consumer2));
    JsonNode settled = settle("batch-" + market.run + "-drain", List.of(outstanding));
    assertEquals(1, settled.get("settled").size(), settled.toString());
    assertEquals(
        balance - InvocationSamples.amount(InvocationSamples.FUEL),
        market.balance(market.consumer2));
    LedgerException early =
        failure(
            () ->
                market.submit(
                    market.consumer,
                    Transactions.COMPLETE_TRANSFER,
                    market.consumer2.id(),
                    transfer.get("transferId").asText()));
    assertEquals(ErrorCodes.TOO_EARLY, early.code());
    market.assertConserved();
  }

  @Test
  void aRetriedTransferWithTheSameReferencePaysOnce() throws Exception {
    market.credit(market.broker2, 1_000);
    long from = market.balance(market.broker2);
    long to = market.balance(market.provider2);
    String ref = "pay-once " + market.run;
    JsonNode done =
        market.submit(market.broker2, Transactions.TRANSFER, market.provider2.id(), "300", ref);
    assertEquals("DONE", done.get("status").asText());
    LedgerException again =
        failure(
            () ->
                market.submit(
                    market.broker2, Transactions.TRANSFER, market.provider2.id(), "300", ref));
    assertEquals(ErrorCodes.DUPLICATE, again.code());
    assertEquals(from - 300, market.balance(market.broker2));
    assertEquals(to + 300, market.balance(market.provider2));
  }

  @Test
  void aKeyIsRotatedOnlyWithTheOldKeyAndSuspensionNeedsEveryOrganisation() throws Exception {
    String name = "provider3-" + market.run;
    Identity old = market.backend.enroll(name, Role.PROVIDER);
    market.submit(old, Transactions.REGISTER_PARTICIPANT);
    Identity renewed = market.backend.enroll(name, Role.PROVIDER);
    assertEquals(old.id(), renewed.id());
    assertEquals(
        ErrorCodes.ALREADY_EXISTS,
        failure(() -> market.submit(renewed, Transactions.REGISTER_PARTICIPANT)).code());
    // A thief with a new certificate but without the old key cannot take the account over.
    CertificateRotation selfSigned = CertificateRotation.sign(renewed, renewed.certificatePem());
    assertEquals(
        ErrorCodes.BAD_SIGNATURE,
        failure(
                () ->
                    market.submit(renewed, Transactions.ROTATE_CERTIFICATE, Json.write(selfSigned)))
            .code());
    CertificateRotation rotation = CertificateRotation.sign(old, renewed.certificatePem());
    market.submit(renewed, Transactions.ROTATE_CERTIFICATE, Json.write(rotation));
    assertEquals(
        ErrorCodes.FORBIDDEN,
        failure(
                () ->
                    market.submit(
                        old, Transactions.PUBLISH_OFFER, InvocationSamples.offerJson("o-" + name)))
            .code());
    market.submit(
        renewed, Transactions.PUBLISH_OFFER, InvocationSamples.offerJson("offer-" + name));

    JsonNode first =
        market.submit(market.admin2, Transactions.SUSPEND_PARTICIPANT, renewed.id(), "stolen key");
    if (twoOrganisations()) {
      assertEquals("PENDING", first.get("status").asText());
      market.submit(
          renewed, Transactions.PUBLISH_OFFER, InvocationSamples.offerJson("offer-" + name));
      market.submit(market.admin, Transactions.SUSPEND_PARTICIPANT, renewed.id(), "stolen key");
    }
    assertEquals(
        ErrorCodes.FORBIDDEN,
        failure(
                () ->
                    market.submit(
                        renewed,
                        Transactions.PUBLISH_OFFER,
                        InvocationSamples.offerJson("offer-" + name)))
            .code());
    // Work it did is not paid while it is suspended.
    String[] work = work(market.provider, market.consumer, "suspended");
    market.credit(market.consumer, 10_000);
    Receipt byRenewed =
        InvocationSamples.receipt(
            market.broker,
            renewed,
            "offer-" + name,
            market.consumer,
            work[1],
            "inv-" + market.run + "-susp");
    JsonNode result = settle("batch-" + market.run + "-susp", List.of(byRenewed));
    assertEquals(0, result.get("settled").size());
    assertEquals(ErrorCodes.NOT_REGISTERED, result.get("rejected").get(0).get("code").asText());
  }

  @Test
  void anEnormousReceiptIsRefusedAloneAndIssuanceIsBounded() throws Exception {
    String[] work = work(market.provider, market.consumer, "huge");
    market.credit(market.consumer, 50_000);
    long now = System.currentTimeMillis();
    InvocationTicket ticket =
        ReceiptAttackConformance.ticket(
            market.broker,
            market.consumer,
            work[1],
            "inv-" + market.run + "-huge",
            now,
            now + 600_000);
    Assignment placed = Assignment.sign(market.broker, ticket, market.provider.id(), work[0], now);
    // Usage whose price overflows a long: the provider signs whatever amount it likes.
    Receipt unsigned =
        new Receipt(
            ticket,
            placed,
            market.provider.id(),
            work[0],
            InvocationSamples.receipt(market.provider, ticket, placed, 100, 2_000, 1)
                .outputDigest(),
            Receipt.OK,
            new Usage(Long.MAX_VALUE / 2, 1, 1),
            InvocationSamples.PER_INVOCATION,
            InvocationSamples.PER_MEGA_FUEL,
            Long.MAX_VALUE,
            now,
            now + 1,
            1,
            null);
    Receipt huge =
        unsigned.withSignature(
            Base64.getEncoder().encodeToString(market.provider.sign(unsigned.signingPayload())));
    Receipt fine =
        InvocationSamples.receipt(
            market.broker,
            market.provider,
            work[0],
            market.consumer,
            work[1],
            "inv-" + market.run + "-fine");
    long consumer = market.balance(market.consumer);
    JsonNode result = settle("batch-" + market.run + "-huge", List.of(huge, fine));
    assertEquals(
        List.of(fine.invocationId()), Json.read(result.get("settled").toString(), List.class));
    assertEquals(ErrorCodes.BAD_RECEIPT, result.get("rejected").get(0).get("code").asText());
    assertEquals(
        consumer - InvocationSamples.amount(InvocationSamples.FUEL),
        market.balance(market.consumer));
    LedgerException tooMuch =
        failure(
            () ->
                market.submit(
                    market.admin,
                    Transactions.CREDIT_ESCROW,
                    market.consumer.id(),
                    Long.toString(Long.MAX_VALUE),
                    "overflow " + market.run));
    assertEquals(ErrorCodes.BAD_REQUEST, tooMuch.code());
    market.assertConserved();
  }

  @Test
  void creditSlipsFoldWithoutMovingMoney() throws Exception {
    String[] work = work(market.provider2, market.consumer, "fold");
    market.credit(market.consumer, 20_000);
    for (int b = 0; b < 3; b++) {
      settle(
          "batch-" + market.run + "-fold" + b,
          List.of(
              InvocationSamples.receipt(
                  market.broker,
                  market.provider2,
                  work[0],
                  market.consumer,
                  work[1],
                  "inv-" + market.run + "-fold" + b)));
    }
    long balance = market.balance(market.provider2);
    assertEquals(
        ErrorCodes.FORBIDDEN,
        failure(
                () ->
                    market.submit(
                        market.consumer2, Transactions.FOLD_CREDITS, market.provider2.id()))
            .code());
    JsonNode fold =
        market.submit(market.provider2, Transactions.FOLD_CREDITS, market.provider2.id());
    assertEquals(balance, fold.get("balance").asLong());
    assertFalse(fold.get("more").asBoolean());
    assertEquals(
        0,
        market
            .submit(market.broker, Transactions.FOLD_CREDITS, market.provider2.id())
            .get("folded")
            .asInt());
    assertEquals(balance, market.balance(market.provider2));
    market.assertConserved();
  }
}
