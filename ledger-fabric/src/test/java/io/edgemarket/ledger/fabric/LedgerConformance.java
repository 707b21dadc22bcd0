package io.edgemarket.ledger.fabric;

import static io.edgemarket.ledger.fabric.Market.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerException.Phase;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.testing.InvocationSamples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;

/**
 * The chaincode's contract as any ledger backend must present it through the {@link
 * io.edgemarket.model.ledger.LedgerGateway} port: roles, error codes and phases, money. Subclasses
 * supply the backend; settlement, paging and MVCC scenarios are in {@link SettlementConformance}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LedgerConformance {
  protected Market market;

  /** Opens the backend under test, or aborts the class when it is not available. */
  protected abstract Market.Backend openBackend() throws Exception;

  private String unavailable;

  @BeforeAll
  void openMarket() throws Exception {
    try {
      market = new Market(openBackend());
    } catch (TestAbortedException e) {
      // Skipped per test, not per class: failsafe counts an aborted class as zero tests run and
      // then re-reads an earlier run's summary, so a skip must show up as skipped tests.
      unavailable = e.getMessage();
    }
  }

  @BeforeEach
  void requireMarket() {
    if (market == null) {
      Assumptions.abort(unavailable);
    }
  }

  @AfterAll
  void closeMarket() {
    if (market != null) {
      market.close();
    }
  }

  @Test
  void registeredParticipantsCarryTheirRoleAndOrganisation() throws Exception {
    JsonNode p =
        market.evaluate(market.auditor, Transactions.GET_PARTICIPANT, market.provider.id());
    assertEquals("provider", p.get("role").asText());
    assertEquals(market.provider.mspId(), p.get("mspId").asText());
    // Registering again with the same certificate is idempotent.
    JsonNode again = market.submit(market.provider, Transactions.REGISTER_PARTICIPANT);
    assertEquals(market.provider.id(), again.get("id").asText());
    LedgerException unknown =
        failure(() -> market.evaluate(market.auditor, Transactions.GET_PARTICIPANT, "nobody@X"));
    assertEquals(ErrorCodes.NOT_FOUND, unknown.code());
    assertEquals(Phase.EVALUATE, unknown.phase());
  }

  @Test
  void onlyTheAdminCreatesMoneyAndItIsConserved() throws Exception {
    long consumer = market.balance(market.consumer);
    long issuer = market.balance("@issuer");
    market.credit(market.consumer, 10_000);
    assertEquals(consumer + 10_000, market.balance(market.consumer));
    assertEquals(issuer - 10_000, market.balance("@issuer"));
    LedgerException byBroker =
        failure(
            () ->
                market.submit(
                    market.broker,
                    Transactions.CREDIT_ESCROW,
                    market.broker.id(),
                    "1000",
                    "self-credit"));
    assertEquals(ErrorCodes.FORBIDDEN, byBroker.code());
    assertEquals(Phase.ENDORSE, byBroker.phase());
    assertEquals(consumer + 10_000, market.balance(market.consumer));
    market.assertConserved();
  }

  @Test
  void anOfferBelongsToTheProviderThatPublishedIt() throws Exception {
    String offerId = "offer-" + market.run + "-own";
    JsonNode offer =
        market.submit(
            market.provider, Transactions.PUBLISH_OFFER, InvocationSamples.offerJson(offerId));
    assertEquals(market.provider.id(), offer.get("providerId").asText());
    assertEquals("ACTIVE", offer.get("status").asText());
    LedgerException withdraw =
        failure(() -> market.submit(market.provider2, Transactions.WITHDRAW_OFFER, offerId));
    assertEquals(ErrorCodes.FORBIDDEN, withdraw.code());
    LedgerException overwrite =
        failure(
            () ->
                market.submit(
                    market.provider2,
                    Transactions.PUBLISH_OFFER,
                    InvocationSamples.offerJson(offerId)));
    assertEquals(ErrorCodes.FORBIDDEN, overwrite.code());
    LedgerException byConsumer =
        failure(
            () ->
                market.submit(
                    market.consumer,
                    Transactions.PUBLISH_OFFER,
                    InvocationSamples.offerJson(offerId + "-c")));
    assertEquals(ErrorCodes.FORBIDDEN, byConsumer.code());
    JsonNode withdrawn = market.submit(market.provider, Transactions.WITHDRAW_OFFER, offerId);
    assertEquals("WITHDRAWN", withdrawn.get("status").asText());
    assertEquals(
        "WITHDRAWN",
        market.evaluate(market.consumer, Transactions.GET_OFFER, offerId).get("status").asText());
  }

  @Test
  void consumersRegisterFunctionsUnderTheirOwnId() throws Exception {
    JsonNode spec =
        market.submit(
            market.consumer,
            Transactions.REGISTER_FUNCTION,
            InvocationSamples.functionJson("resize"));
    String id = market.consumer.id() + "/resize";
    assertEquals(id, spec.get("functionId").asText());
    assertEquals(
        InvocationSamples.DIGEST,
        market.evaluate(market.provider, Transactions.GET_FUNCTION, id).get("digest").asText());
    LedgerException byProvider =
        failure(
            () ->
                market.submit(
                    market.provider,
                    Transactions.REGISTER_FUNCTION,
                    InvocationSamples.functionJson("resize")));
    assertEquals(ErrorCodes.FORBIDDEN, byProvider.code());
  }

  @Test
  void overseerQueriesRefuseOtherRoles() throws Exception {
    LedgerException accounts =
        failure(() -> market.evaluate(market.consumer, Transactions.LIST_ACCOUNTS, "10", ""));
    assertEquals(ErrorCodes.FORBIDDEN, accounts.code());
    assertEquals(Phase.EVALUATE, accounts.phase());
    LedgerException peek =
        failure(
            () ->
                market.evaluate(market.consumer2, Transactions.GET_BALANCE, market.consumer.id()));
    assertEquals(ErrorCodes.FORBIDDEN, peek.code());
  }
}
