package io.edgemarket.cli.market;

import io.edgemarket.agent.ProviderAgent;
import io.edgemarket.broker.Broker;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Transactions;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded ledger, the broker and N provider agents in one process. Agents reach the broker
 * over real HTTP exactly as remote ones do; only the ledger is shared in-process, through the
 * broker that hosts it.
 */
public final class LocalMarket implements AutoCloseable {
  /** Escrow the sample consumer gets the first time a market is created. */
  public static final long INITIAL_ESCROW = 5_000_000L;

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  private final MarketDir dir;
  private final Broker broker;
  private final List<ProviderAgent> agents = new ArrayList<>();

  private LocalMarket(MarketDir dir, Broker broker) {
    this.dir = dir;
    this.broker = broker;
  }

  /** Starts everything and returns once the broker reports healthy. */
  public static LocalMarket start(Path data, int port, int providers, PrintStream log)
      throws Exception {
    MarketDir dir = new MarketDir(data);
    Files.createDirectories(dir.root());
    CertificateAuthority ca = dir.authority();
    Identity admin = dir.ensureIdentity(ca, "admin", Role.ADMIN);
    Identity brokerId = dir.ensureIdentity(ca, "broker", Role.BROKER);
    Identity auditor = dir.ensureIdentity(ca, "auditor", Role.AUDITOR);
    Identity consumer = dir.ensureIdentity(ca, "consumer", Role.CONSUMER);
    List<Identity> providerIds = new ArrayList<>();
    for (int i = 1; i <= providers; i++) {
      providerIds.add(dir.ensureIdentity(ca, "provider-" + i, Role.PROVIDER));
    }
    log.println("edgemarket: starting ledger and broker in " + dir.root());
    Broker broker =
        Broker.builder()
            .dataDir(dir.brokerData())
            .port(port)
            .ca(ca)
            .identity(brokerId)
            .expectedProviders(providers)
            .build();
    LocalMarket market = new LocalMarket(dir, broker);
    try {
      broker.start();
      market.registerAndFund(admin, auditor, consumer, log);
      market.startAgents(ca, providerIds, log);
      market.awaitHealthy();
    } catch (Exception e) {
      market.close();
      throw e;
    }
    return market;
  }

  private void registerAndFund(Identity admin, Identity auditor, Identity consumer, PrintStream log)
      throws Exception {
    for (Identity participant : List.of(admin, auditor, consumer)) {
      try (LedgerGateway gateway = broker.gateway(participant)) {
        gateway.submit(Transactions.REGISTER_PARTICIPANT);
      }
    }
    Path funded = dir.root().resolve(".escrow-funded");
    if (!Files.exists(funded)) {
      try (LedgerGateway gateway = broker.gateway(admin)) {
        gateway.submit(
            Transactions.CREDIT_ESCROW,
            consumer.id(),
            Long.toString(INITIAL_ESCROW),
            "initial escrow of the sample consumer");
      }
      Files.writeString(funded, consumer.id() + "\n");
      log.println("edgemarket: credited " + INITIAL_ESCROW + " to " + consumer.id());
    }
  }

  private void startAgents(CertificateAuthority ca, List<Identity> providers, PrintStream log)
      throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    int cpuShare = Math.max(100, cores * 1000 / providers.size());
    long memoryShare = Math.max(64, Math.min(1024, freeMemoryMb() / (2L * providers.size())));
    for (int i = 0; i < providers.size(); i++) {
      Identity provider = providers.get(i);
      ProviderProfile profile = ProviderProfile.of(i);
      ProviderAgent agent =
          ProviderAgent.builder()
              .broker(URI.create(broker.url()))
              .identity(provider)
              .trustRoot(ca.certificate())
              .dataDir(dir.agentData("provider-" + (i + 1)))
              .cpuShareMillis(cpuShare)
              .memoryShareMb(memoryShare)
              .maxConcurrency(4)
              .pricePerInvocation(profile.pricePerInvocation())
              .pricePerMegaFuel(profile.pricePerMegaFuel())
              .region(profile.region())
              .latitudeE6(profile.latitudeE6())
              .longitudeE6(profile.longitudeE6())
              .build();
      agents.add(agent);
      agent.start();
      log.println(
          "edgemarket: provider "
              + provider.id()
              + " ("
              + profile.region()
              + ") on "
              + agent.url());
    }
  }

  private void awaitHealthy() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create(broker.url()).resolve("/api/v1/health"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        return;
      }
      last = response.body();
      Thread.sleep(100);
    }
    throw new IOException("market not healthy after " + READY_TIMEOUT + ": " + last);
  }

  private static long freeMemoryMb() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getFreeMemorySize() / (1024 * 1024);
    }
    return 1024;
  }

  public URI brokerUrl() {
    return URI.create(broker.url());
  }

  public MarketDir dir() {
    return dir;
  }

  public List<ProviderAgent> agents() {
    return List.copyOf(agents);
  }

  /** Agents drain first (they withdraw their offers through the broker), then the broker. */
  @Override
  public void close() {
    for (ProviderAgent agent : agents) {
      agent.close();
    }
    broker.close();
  }
}
