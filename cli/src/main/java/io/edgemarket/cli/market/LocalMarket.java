package io.edgemarket.cli.market;

import io.edgemarket.agent.ProviderAgent;
import io.edgemarket.agent.ProviderAgentBuilder;
import io.edgemarket.agent.container.ContainerConfig;
import io.edgemarket.broker.Broker;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Crypto;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The broker and N provider agents in one process, on the embedded ledger or on the local Fabric
 * network. Agents reach the broker over real HTTP exactly as remote ones do; on the embedded ledger
 * they reach the ledger through the broker's relay, on Fabric through their organisation's peer.
 */
public final class LocalMarket implements AutoCloseable {
  /** Escrow the sample consumer gets the first time a market is created. */
  public static final long INITIAL_ESCROW = 5_000_000L;

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  private final MarketDir dir;
  private final LedgerSite site;
  private final Broker broker;
  private final List<ProviderAgent> agents = new ArrayList<>();

  private LocalMarket(MarketDir dir, LedgerSite site, Broker broker) {
    this.dir = dir;
    this.site = site;
    this.broker = broker;
  }

  /** Starts a market on the embedded ledger; returns once the broker reports healthy. */
  public static LocalMarket start(Path data, int port, int providers, PrintStream log)
      throws Exception {
    return start(data, port, providers, LedgerKind.EMBEDDED, log);
  }

  /**
   * Starts everything on {@code ledger} (on Fabric, starting the local network first if it is not
   * up) and returns once the broker reports healthy.
   */
  public static LocalMarket start(
      Path data, int port, int providers, LedgerKind ledger, PrintStream log) throws Exception {
    return start(data, port, providers, ledger, null, log);
  }

  /**
   * As {@link #start(Path, int, int, LedgerKind, PrintStream)}, with agents that also run container
   * functions when {@code containers} is not null.
   */
  public static LocalMarket start(
      Path data,
      int port,
      int providers,
      LedgerKind ledger,
      ContainerConfig containers,
      PrintStream log)
      throws Exception {
    MarketDir dir = new MarketDir(data);
    Files.createDirectories(dir.root());
    dir.recordLedgerKind(ledger);
    LedgerSite site =
        ledger == LedgerKind.FABRIC
            ? new FabricSite(FabricNetwork.start(log), dir.marketTag())
            : new EmbeddedSite(dir.authority());
    if (ledger == LedgerKind.FABRIC) {
      dir.saveTrustRoots(site.trustRoots());
    }
    Identity admin = identity(dir, site, "admin", Role.ADMIN);
    // An admin of every other organisation too: governed calls need one from each.
    List<Identity> otherAdmins = new ArrayList<>();
    for (Role role : Role.values()) {
      if (role != Role.ORDERER
          && !site.caFor(role).mspId().equals(admin.mspId())
          && otherAdmins.stream().noneMatch(a -> a.mspId().equals(site.caFor(role).mspId()))) {
        otherAdmins.add(
            dir.ensureIdentity(
                site.caFor(role),
                "admin-" + role.attributeValue(),
                site.commonName("admin-" + role.attributeValue()),
                Role.ADMIN));
      }
    }
    Identity brokerId = identity(dir, site, "broker", Role.BROKER);
    Identity auditor = identity(dir, site, "auditor", Role.AUDITOR);
    Identity consumer = identity(dir, site, "consumer", Role.CONSUMER);
    List<Identity> providerIds = new ArrayList<>();
    for (int i = 1; i <= providers; i++) {
      providerIds.add(identity(dir, site, "provider-" + i, Role.PROVIDER));
    }
    log.println(
        "edgemarket: starting the broker in " + dir.root() + " (ledger: " + ledger.label() + ")");
    Broker broker =
        site.configure(Broker.builder(), brokerId)
            .dataDir(dir.brokerData())
            .port(port)
            .identity(brokerId)
            .expectedProviders(providers)
            .build();
    LocalMarket market = new LocalMarket(dir, site, broker);
    try {
      broker.start();
      market.registerAndFund(admin, otherAdmins, auditor, consumer, log);
      market.startAgents(providerIds, containers, log);
      market.awaitHealthy();
    } catch (Exception e) {
      market.close();
      throw e;
    }
    return market;
  }

  private static Identity identity(MarketDir dir, LedgerSite site, String name, Role role)
      throws IOException {
    return dir.ensureIdentity(site.caFor(role), name, site.commonName(name), role);
  }

  private void registerAndFund(
      Identity admin,
      List<Identity> otherAdmins,
      Identity auditor,
      Identity consumer,
      PrintStream log)
      throws Exception {
    List<Identity> participants = new ArrayList<>(List.of(admin, auditor, consumer));
    participants.addAll(otherAdmins);
    for (Identity participant : participants) {
      site.gateway(broker, participant).submit(Transactions.REGISTER_PARTICIPANT);
    }
    List<LedgerGateway> admins = new ArrayList<>();
    admins.add(site.gateway(broker, admin));
    for (Identity other : otherAdmins) {
      admins.add(site.gateway(broker, other));
    }
    Map<Role, String> caOf = new EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      if (role != Role.ORDERER) {
        caOf.put(role, site.caFor(role).mspId());
      }
    }
    MarketGovernance governance = new MarketGovernance(admins, caOf);
    governance.ensure();
    // The marker names the consumer's certificate: a consumer enrolled anew (a Fabric network made
    // anew) is a new account and gets its escrow again; a resumed market does not.
    Path funded = dir.root().resolve(".escrow-funded");
    String fundedFor = consumer.id() + " " + Crypto.sha256Hex(consumer.certificate().getEncoded());
    if (!Files.exists(funded) || !Files.readString(funded).strip().equals(fundedFor)) {
      governance.credit(
          consumer.id(),
          INITIAL_ESCROW,
          "initial escrow of "
              + consumer.id()
              + " "
              + fundedFor.substring(fundedFor.length() - 12));
      Files.writeString(funded, fundedFor + "\n");
      log.println("edgemarket: credited " + INITIAL_ESCROW + " to " + consumer.id());
    }
  }

  private void startAgents(List<Identity> providers, ContainerConfig containers, PrintStream log)
      throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    int cpuShare = Math.max(100, cores * 1000 / providers.size());
    long memoryShare = Math.max(64, Math.min(1024, freeMemoryMb() / (2L * providers.size())));
    for (int i = 0; i < providers.size(); i++) {
      Identity provider = providers.get(i);
      ProviderProfile profile = ProviderProfile.of(i);
      ProviderAgentBuilder builder =
          ProviderAgent.builder()
              .broker(URI.create(broker.url()))
              .identity(provider)
              .trustRoots(site.trustRoots())
              .dataDir(dir.agentData("provider-" + (i + 1)))
              .cpuShareMillis(cpuShare)
              .memoryShareMb(memoryShare)
              .maxConcurrency(4)
              .pricePerInvocation(profile.pricePerInvocation())
              .pricePerMegaFuel(profile.pricePerMegaFuel())
              .region(profile.region())
              .latitudeE6(profile.latitudeE6())
              .longitudeE6(profile.longitudeE6());
      LedgerGateway ledger = site.agentLedger(broker, provider);
      if (ledger != null) {
        builder.ledger(ledger);
      }
      if (containers != null) {
        builder.containers(containers);
      }
      ProviderAgent agent = builder.build();
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
    site.close();
  }
}
