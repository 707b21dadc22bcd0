package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.agent.Faults;
import io.edgemarket.agent.ProviderAgent;
import io.edgemarket.cli.market.LedgerKind;
import io.edgemarket.cli.market.LocalMarket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.Verification;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.InvokeOptions;
import io.edgemarket.testing.Await;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The trust levels through the real protocol: a local market (broker, agents, verifier, ledger)
 * plus one lying agent, a provider whose executor returns wrong output and signs its receipt over
 * it (fault injection, never a mocked broker). Shared by the embedded and the Fabric ITs.
 */
final class TrustScenarios implements AutoCloseable {
  static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  final LocalMarket market;
  final ProviderAgent liar;
  final EdgeMarket consumer;
  final LedgerGateway auditor;
  final String data;

  /** {@code honest} honest agents and one liar that undercuts them all, so it runs first. */
  TrustScenarios(Path dir, int honest, LedgerKind ledger) throws Exception {
    market = LocalMarket.start(dir, 0, honest, ledger, QUIET);
    data = dir.toString();
    liar =
        market.startExtraAgent(
            "liar", b -> b.faults(Faults.wrongOutput(1.0)).pricePerInvocation(50), QUIET);
    var builder =
        EdgeMarket.builder()
            .broker(market.brokerUrl())
            .identity(market.dir().identity("consumer"))
            .trustRoots(market.dir().trustRoots());
    if (ledger == LedgerKind.FABRIC) {
      // On Fabric the consumer deploys and confirms through its own organisation's peer.
      builder.ledger(gateway("consumer"));
    }
    consumer = builder.build();
    auditor = gateway("auditor");
    Await.until(
        "the liar's offer serving",
        () ->
            Cli.run("balance", "--data", data, "--broker", url()).exitCode() == 0
                && publicMarket().contains(liar.offerId()));
  }

  private LedgerGateway gateway(String name) throws Exception {
    var identity = market.dir().identity(name);
    return market.dir().ledgerKind() == LedgerKind.FABRIC
        ? io.edgemarket.cli.market.ClientLedger.open(market.dir(), market.brokerUrl(), identity)
        : new io.edgemarket.model.http.RemoteLedgerGateway(market.brokerUrl(), identity);
  }

  String url() {
    return market.brokerUrl().toString();
  }

  private String publicMarket() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    return http.send(
            java.net.http.HttpRequest.newBuilder(
                    market.brokerUrl().resolve("/api/v1/public/market"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }

  void deploy(String name, TrustLevel level, String sample) throws Exception {
    byte[] upper = Files.readAllBytes(Path.of("../samples/wasm/upper.wasm"));
    consumer.deploy(name, upper, DeployOptions.defaults().withTrustLevel(level).withSample(sample));
  }

  InvocationResult invoke(String function, String input) throws Exception {
    InvocationResult result =
        consumer.invoke(function, input.getBytes(StandardCharsets.UTF_8), InvokeOptions.defaults());
    assertArrayEquals(
        input.toUpperCase().getBytes(StandardCharsets.UTF_8), result.output(), result::toString);
    return result;
  }

  long balance(String account) throws LedgerException {
    return Json.read(auditor.evaluate(Transactions.GET_BALANCE, account), Records.Balance.class)
        .balance();
  }

  Records.Dispute dispute(String invocationId) throws LedgerException {
    return Json.read(
        auditor.evaluate(Transactions.GET_DISPUTE, invocationId), Records.Dispute.class);
  }

  Records.Reputation reputation(String provider) throws LedgerException {
    return Json.read(
        auditor.evaluate(Transactions.GET_REPUTATION, provider), Records.Reputation.class);
  }

  /** Waits until the ledger holds every run of {@code receipts} as paid. */
  void awaitPaid(List<Receipt> receipts) {
    for (Receipt receipt : receipts) {
      Await.until(
          "run " + receipt.assignment().runId() + " settled",
          Duration.ofSeconds(90),
          () -> {
            try {
              auditor.evaluate(Transactions.GET_RECEIPT, receipt.assignment().runId());
              return true;
            } catch (LedgerException e) {
              return false;
            }
          });
    }
  }

  /**
   * The liar, caught: the answer is the honest output, the verification says provider-slashed and
   * names it, the ledger's dispute slashed it and only the right runs are paid, the consumer
   * receiving the liar's whole stake; then the liar lost its reputation and {@code audit} passes.
   */
  void liarIsCaughtAndSlashed(String function, String level) throws Exception {
    String consumerId = consumer.identity().id();
    String liarId = liar.identity().id();
    long before = balance(consumerId);
    long liarBefore = balance(liarId);
    InvocationResult caught = invoke(function, "catch me if you can");
    Verification how = caught.verification();
    assertEquals(level, how.level(), caught::toString);
    assertEquals(Verification.PROVIDER_SLASHED, how.outcome(), caught::toString);
    assertTrue(how.providers().contains(liarId), caught::toString);

    Records.Dispute dispute = dispute(caught.invocationId());
    assertEquals(Records.Dispute.RESOLVED, dispute.status(), dispute::toString);
    assertEquals(Records.Dispute.PROVIDER_SLASHED, dispute.outcome(), dispute::toString);
    assertEquals(List.of(liarId), dispute.slashed(), dispute::toString);
    assertEquals(LocalMarket.DEFAULT_STAKE, dispute.slashedTotal(), dispute::toString);
    List<Receipt> right =
        dispute.receipts().stream()
            .filter(r -> r.outputDigest().equals(dispute.correctOutputDigest()))
            .toList();
    awaitPaid(right);
    long paid = right.stream().mapToLong(Receipt::amount).sum();
    Await.until(
        "the consumer's balance",
        () -> balance(consumerId) == before - paid + dispute.slashedTotal());
    assertEquals(liarBefore - LocalMarket.DEFAULT_STAKE, balance(liarId));
    assertEquals(1, reputation(liarId).disputesLost());

    Cli json =
        Cli.run(
            "invoke", function, "--input", "again", "--json", "--data", data, "--broker", url());
    assertEquals(0, json.exitCode(), json::toString);
    var verification = Json.tree(json.out()).get("verification");
    assertEquals(level, verification.get("level").asText(), json::toString);
    assertEquals(Verification.AGREED, verification.get("outcome").asText(), json::toString);
    assertTrue(!verification.get("providers").toString().contains(liarId), json::toString);

    // The audit reads the ledger in several queries: let the last invocation's runs settle first,
    // so no batch commits between its listing of batches and of the journal.
    Await.until(
        "nothing left to settle",
        () -> Json.tree(publicMarket()).path("summary").path("pendingReceipts").asInt(-1) == 0);
    Cli audit = Cli.run("audit", "--json", "--data", data, "--broker", url(), "--as", "auditor");
    assertEquals(0, audit.exitCode(), audit::toString);
  }

  @Override
  public void close() {
    consumer.close();
    auditor.close();
    market.close();
  }
}
