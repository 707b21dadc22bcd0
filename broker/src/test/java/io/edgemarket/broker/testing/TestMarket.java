package io.edgemarket.broker.testing;

import io.edgemarket.broker.Broker;
import io.edgemarket.broker.BrokerBuilder;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Role;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.api.InvocationRequest;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.testing.Await;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A market for one test: a CA, a broker on an ephemeral port over a temp data dir, an admin who
 * funds escrow, a consumer, an auditor, and fake providers. {@link #restart} reopens the broker on
 * the same data dir, as after a crash or an upgrade.
 */
public final class TestMarket implements AutoCloseable {
  public static final long FUNDS = 10_000;
  private static final long MODULE_MEMORY = 64L * 1024 * 1024;

  public final CertificateAuthority ca = CertificateAuthority.create("EdgeMarketMSP");
  public final Identity brokerId = ca.enroll("broker", Role.BROKER);
  public final Identity admin = ca.enroll("admin", Role.ADMIN);
  public final Identity consumer = ca.enroll("alice", Role.CONSUMER);
  public final Identity auditor = ca.enroll("auditor", Role.AUDITOR);
  private final Path dir;
  private final int expectedProviders;
  private final List<FakeAgent> agents = new ArrayList<>();
  private final UnaryOperator<BrokerBuilder> options;
  private Broker broker;

  public TestMarket(Path dir, int expectedProviders, Duration batchInterval) throws Exception {
    this(dir, expectedProviders, batchInterval, UnaryOperator.identity());
  }

  /** A market whose broker is built with further {@code options} (e.g. consumer limits). */
  public TestMarket(
      Path dir, int expectedProviders, Duration batchInterval, UnaryOperator<BrokerBuilder> options)
      throws Exception {
    this.dir = dir;
    this.expectedProviders = expectedProviders;
    this.options = options;
    start(batchInterval);
    register(admin);
    register(auditor);
    register(consumer);
    fund(consumer, FUNDS);
  }

  public void start(Duration batchInterval) throws IOException, LedgerException {
    broker =
        options
            .apply(
                Broker.builder()
                    .dataDir(dir)
                    .port(0)
                    .ca(ca)
                    .identity(brokerId)
                    .expectedProviders(expectedProviders)
                    .batchInterval(batchInterval))
            .build()
            .start();
  }

  /**
   * Closes the broker (receipts still queued stay on disk) and starts a new one on the same dir.
   */
  public void restart(Duration batchInterval) throws IOException, LedgerException {
    broker.close();
    start(batchInterval);
  }

  public Broker broker() {
    return broker;
  }

  public Path dir() {
    return dir;
  }

  public SignedClient client(Identity identity) {
    return new SignedClient(identity, () -> broker.url());
  }

  public LedgerGateway gateway(Identity identity) {
    return broker.gateway(identity);
  }

  public void register(Identity identity) throws LedgerException {
    gateway(identity).submit(Transactions.REGISTER_PARTICIPANT);
  }

  public void fund(Identity account, long amount) throws LedgerException {
    gateway(admin).submit(Transactions.CREDIT_ESCROW, account.id(), Long.toString(amount), "test");
  }

  public long balance(String accountId) throws LedgerException {
    String json = gateway(admin).evaluate(Transactions.GET_BALANCE, accountId);
    return Json.tree(json).get("balance").asLong();
  }

  /** Uploads a sample module through the API and registers it as {@code name}. */
  public FunctionSpec deploy(Identity owner, String name, long timeoutMs) throws LedgerException {
    return deploy(owner, name, timeoutMs, null);
  }

  /** {@link #deploy(Identity, String, long)} with a fuel limit (null: none of its own). */
  public FunctionSpec deploy(Identity owner, String name, long timeoutMs, Long maxFuel)
      throws LedgerException {
    byte[] module = Samples.wasm("echo.wasm");
    String digest = Crypto.sha256Hex(module);
    SignedClient.Response put = client(owner).put("/api/v1/blobs/" + digest, module);
    if (put.status() != 201) {
      throw new AssertionError("upload failed: " + put.status() + " " + put.text());
    }
    FunctionSpec spec =
        new FunctionSpec(
            null,
            name,
            null,
            digest,
            "wasm",
            MODULE_MEMORY,
            timeoutMs,
            TrustLevel.RECEIPT,
            1000,
            0,
            null,
            null,
            maxFuel);
    String registered = gateway(owner).submit(Transactions.REGISTER_FUNCTION, Json.write(spec));
    return Json.read(registered, FunctionSpec.class);
  }

  /** A registered provider with a fake agent, its offer published and heartbeats flowing. */
  public FakeAgent provider(String name, long price, long pricePerMegaFuel) throws LedgerException {
    Identity provider = ca.enroll(name, Role.PROVIDER);
    Identity forger = ca.enroll(name, Role.PROVIDER); // same id, another key
    register(provider);
    FakeAgent agent = new FakeAgent(provider, forger, price, pricePerMegaFuel, client(provider));
    agents.add(agent);
    gateway(provider).submit(Transactions.PUBLISH_OFFER, Json.write(agent.offer()));
    agent.startHeartbeats();
    return agent;
  }

  /** Waits until the broker would dispatch to every given agent. */
  public void awaitServing(FakeAgent... expected) {
    SignedClient open = client(null);
    Await.until(
        "offers serving",
        () -> open.get("/api/v1/public/market").text(),
        text -> {
          for (FakeAgent agent : expected) {
            if (!text.contains("\"offerId\":\"" + agent.offerId() + "\"")) {
              return false;
            }
          }
          return true;
        });
  }

  /** Waits until no receipt waits for settlement, so balances stand still. */
  public void awaitSettlementIdle() {
    SignedClient open = client(null);
    Await.until(
        "an empty settlement queue",
        () -> Json.tree(open.get("/api/v1/public/market").text()).get("summary"),
        summary -> summary.get("pendingReceipts").asInt() == 0);
  }

  public InvocationRequest request(FunctionSpec function, byte[] input, long maxPrice) {
    return request(consumer, function, input, maxPrice);
  }

  public InvocationRequest request(
      Identity who, FunctionSpec function, byte[] input, long maxPrice) {
    long now = System.currentTimeMillis();
    InvocationTicket ticket =
        InvocationTicket.issue(
            who,
            UUID.randomUUID().toString(),
            brokerId.id(),
            function.functionId(),
            function.digest(),
            input,
            maxPrice,
            now,
            now + 60_000);
    return new InvocationRequest(ticket, input);
  }

  @Override
  public void close() {
    agents.forEach(FakeAgent::close);
    if (broker != null) {
      broker.close();
    }
  }
}
