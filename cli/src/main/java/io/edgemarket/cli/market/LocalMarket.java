package io.edgemarket.cli.market;

import io.edgemarket.agent.ProviderAgent;
import io.edgemarket.agent.ProviderAgentBuilder;
import io.edgemarket.agent.Verifier;
import io.edgemarket.agent.VerifierBuilder;
import io.edgemarket.agent.container.ContainerConfig;
import io.edgemarket.broker.Broker;
import io.edgemarket.broker.BrokerBuilder;
import io.edgemarket.broker.chain.MarketLedger;
import io.edgemarket.broker.invoke.ConsumerLimits;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.Tls;
import io.edgemarket.model.ledger.LedgerGateway;
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
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * The broker and N provider agents in one process, on the embedded ledger or on the local Fabric
 * network. Agents reach the broker over real HTTP exactly as remote ones do; on the embedded ledger
 * they reach the ledger through the broker's relay, on Fabric through their organisation's peer.
 */
public final class LocalMarket implements AutoCloseable {
  /** Escrow the sample consumer gets the first time a market is created. */
  public static final long INITIAL_ESCROW = 5_000_000L;

  /**
   * Stake each agent {@code up} starts locks behind its offer: what a proven wrong result of its
   * forfeits. The launcher credits each provider this much once, through governed credit.
   */
  public static final long DEFAULT_STAKE = 50_000L;

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  private final MarketDir dir;
  private final LedgerSite site;
  private final Broker broker;
  private final BrokerListener listener;
  private final List<ProviderAgent> agents = new ArrayList<>();
  private MarketGovernance governance;
  private Verifier verifier;

  private LocalMarket(MarketDir dir, LedgerSite site, Broker broker, BrokerListener listener) {
    this.dir = dir;
    this.site = site;
    this.broker = broker;
    this.listener = listener;
  }

  /** Tests only (same package): settle this rarely, so receipts stay queued across a stop. */
  static volatile java.time.Duration settleEveryForTests;

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
    return start(data, BrokerListener.loopback(port), providers, ledger, containers, log);
  }

  /**
   * As {@link #start(Path, int, int, LedgerKind, ContainerConfig, PrintStream)}, with the broker
   * listening as {@code listener} says (another address, HTTPS).
   */
  public static LocalMarket start(
      Path data,
      BrokerListener listener,
      int providers,
      LedgerKind ledger,
      ContainerConfig containers,
      PrintStream log)
      throws Exception {
    return start(data, listener, providers, ledger, containers, ConsumerLimits.DEFAULTS, log);
  }

  /**
   * As {@link #start(Path, BrokerListener, int, LedgerKind, ContainerConfig, PrintStream)}, with
   * the broker limiting each consumer as {@code limits} says; {@code up} and {@code broker start}
   * both come here.
   */
  public static LocalMarket start(
      Path data,
      BrokerListener listener,
      int providers,
      LedgerKind ledger,
      ContainerConfig containers,
      ConsumerLimits limits,
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
    Identity brokerId = identity(dir, site, "broker", Role.BROKER);
    CompletableFuture<MarketCast> reading = MarketCast.readAsync(dir, site, providers);
    log.println(
        "edgemarket: starting the broker in " + dir.root() + " (ledger: " + ledger.label() + ")");
    BrokerBuilder builder =
        site.configure(Broker.builder(), brokerId)
            .dataDir(dir.brokerData())
            .host(listener.host())
            .port(listener.port())
            .identity(brokerId)
            .expectedProviders(providers)
            .maxInFlightPerConsumer(limits.maxInFlight())
            .invocationsPerMinutePerConsumer(limits.perMinute());
    if (settleEveryForTests != null) {
      builder.batchInterval(settleEveryForTests).batchSize(5000);
    }
    if (listener.tls()) {
      builder.tls(listener.credentials(site.caFor(Role.BROKER), site.trustRoots()));
    }
    Broker broker = builder.build();
    LocalMarket market = new LocalMarket(dir, site, broker, listener);
    try {
      broker.start();
      MarketCast cast = MarketCast.await(reading);
      market.registerAndFund(
          cast.admin(), cast.otherAdmins(), cast.auditor(), cast.consumer(), log);
      market.startAgents(cast.providers(), containers, log);
      market.startVerifier(cast.verifier(), log);
      market.awaitHealthy();
    } catch (Exception e) {
      reading.exceptionally(failed -> null).join(); // nothing still writing the directory
      market.close();
      throw e;
    }
    return market;
  }

  private static Identity identity(MarketDir dir, LedgerSite site, String name, Role role)
      throws IOException {
    return MarketCast.identity(dir, site, name, role);
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
      new MarketLedger(site.gateway(broker, participant)).register();
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
    governance = new MarketGovernance(admins, caOf);
    governance.ensure();
    // The marker names the consumer's certificate: a consumer enrolled anew (a Fabric network made
    // anew) is a new account and gets its escrow again; a resumed market does not.
    Path funded = dir.root().resolve(".escrow-funded");
    String fundedFor = consumer.id() + " " + Crypto.sha256Hex(consumer.certificate().getEncoded());
    if (!Files.exists(funded) || !Files.readString(funded).strip().equals(fundedFor)) {
      boolean credited =
          governance.credit(
              consumer.id(),
              INITIAL_ESCROW,
              "initial escrow of "
                  + consumer.id()
                  + " "
                  + fundedFor.substring(fundedFor.length() - 12));
      Files.writeString(funded, fundedFor + "\n");
      if (credited) {
        log.println("edgemarket: credited " + INITIAL_ESCROW + " to " + consumer.id());
      }
    }
  }

  private void startAgents(List<Identity> providers, ContainerConfig containers, PrintStream log)
      throws Exception {
    if (providers.isEmpty()) {
      return; // the broker alone: agents join with 'provider start'
    }
    int cores = Runtime.getRuntime().availableProcessors();
    int cpuShare = Math.max(100, cores * 1000 / providers.size());
    long memoryShare = Math.max(64, Math.min(1024, freeMemoryMb() / (2L * providers.size())));
    for (int i = 0; i < providers.size(); i++) {
      Identity provider = providers.get(i);
      ProviderProfile profile = ProviderProfile.of(i);
      ProviderAgentBuilder builder =
          agentBuilder(provider, "provider-" + (i + 1), profile)
              .cpuShareMillis(cpuShare)
              .memoryShareMb(memoryShare);
      if (containers != null) {
        builder.containers(containers);
      }
      start(builder.build(), provider, profile, log);
    }
  }

  /** An agent of this market as {@code provider}, staked and funded for its stake. */
  private ProviderAgentBuilder agentBuilder(Identity provider, String name, ProviderProfile profile)
      throws Exception {
    fundStake(provider, name);
    ProviderAgentBuilder builder =
        ProviderAgent.builder()
            .broker(brokerUrl())
            .identity(provider)
            .trustRoots(site.trustRoots())
            .dataDir(dir.agentData(name))
            .cpuShareMillis(1000)
            .memoryShareMb(256)
            .maxConcurrency(4)
            .pricePerInvocation(profile.pricePerInvocation())
            .pricePerMegaFuel(profile.pricePerMegaFuel())
            .region(profile.region())
            .latitudeE6(profile.latitudeE6())
            .longitudeE6(profile.longitudeE6())
            .stake(DEFAULT_STAKE);
    LedgerGateway ledger = site.agentLedger(broker, provider);
    if (ledger != null) {
      builder.ledger(ledger);
    }
    return builder;
  }

  private void start(
      ProviderAgent agent, Identity provider, ProviderProfile profile, PrintStream log)
      throws Exception {
    agents.add(agent);
    agent.start();
    log.println(
        "edgemarket: provider " + provider.id() + " (" + profile.region() + ") on " + agent.url());
  }

  /**
   * A provider's stake, credited once per certificate (as the consumer's escrow is): an agent must
   * hold the stake it locks, and a slashed one is not made whole by a restart.
   */
  private void fundStake(Identity provider, String name) throws Exception {
    new MarketLedger(site.gateway(broker, provider)).register();
    Path funded = dir.agentData(name).resolve(".stake-funded");
    String fundedFor = provider.id() + " " + Crypto.sha256Hex(provider.certificate().getEncoded());
    if (Files.exists(funded) && Files.readString(funded).strip().equals(fundedFor)) {
      return;
    }
    governance.credit(
        provider.id(),
        DEFAULT_STAKE,
        "stake of " + provider.id() + " " + fundedFor.substring(fundedFor.length() - 12));
    Files.createDirectories(funded.getParent());
    Files.writeString(funded, fundedFor + "\n");
  }

  /**
   * Starts one more agent on this market, customised by {@code customize}: for tests and the load
   * and fault harness (e.g. {@code b -> b.faults(Faults.wrongOutput(1.0))}, a lying provider); no
   * command reaches it. It gets an identity {@code name} from the market's provider CA, funds for
   * the default stake, and the third sample profile's place.
   */
  public ProviderAgent startExtraAgent(
      String name, UnaryOperator<ProviderAgentBuilder> customize, PrintStream log)
      throws Exception {
    Identity provider = identity(dir, site, name, Role.PROVIDER);
    ProviderProfile profile = ProviderProfile.of(agents.size());
    ProviderAgent agent = customize.apply(agentBuilder(provider, name, profile)).build();
    start(agent, provider, profile, log);
    return agent;
  }

  /**
   * A new participant of this market, for the simulator and harnesses that play many parties in one
   * process: enrolled as {@code name} with the market CA for {@code role}, registered on the ledger
   * and, when {@code credit} is positive, credited that much through governed credit.
   */
  public Identity participant(String name, Role role, long credit) throws Exception {
    Identity participant = identity(dir, site, name, role);
    new MarketLedger(site.gateway(broker, participant)).register();
    if (credit > 0) {
      governance.credit(participant.id(), credit, "credit of " + participant.id());
    }
    return participant;
  }

  /** An in-process ledger connection acting as {@code participant} (closed with the market). */
  public LedgerGateway ledgerAs(Identity participant) {
    return site.gateway(broker, participant);
  }

  /** The certificates a participant of this market trusts (its CA, or each organisation's). */
  public io.edgemarket.model.crypto.TrustRoots trustRoots() {
    return site.trustRoots();
  }

  /**
   * The market's verifier: an auditor identity of its own that re-executes sampled invocations of
   * {@code reexecute} functions, as {@code verifier start} runs one in a separate process.
   */
  private void startVerifier(Identity verifierId, PrintStream log) throws Exception {
    VerifierBuilder builder =
        Verifier.builder()
            .broker(brokerUrl())
            .identity(verifierId)
            .trustRoots(site.trustRoots())
            .dataDir(dir.agentData("verifier"));
    LedgerGateway ledger = site.agentLedger(broker, verifierId);
    if (ledger != null) {
      builder.ledger(ledger);
    }
    verifier = builder.build().start();
    log.println("edgemarket: verifier " + verifierId.id() + " on " + verifier.url());
  }

  private void awaitHealthy() throws IOException, InterruptedException {
    HttpClient http = Tls.httpClient(site.trustRoots().certificates()).build();
    HttpRequest health =
        HttpRequest.newBuilder(brokerUrl().resolve("/api/v1/health"))
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

  /** The broker's URL for processes on this machine (https when it serves TLS). */
  public URI brokerUrl() {
    return listener.localUrl(broker.port());
  }

  /** How the broker listens. */
  public BrokerListener listener() {
    return listener;
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
    if (verifier != null) {
      verifier.close();
    }
    for (ProviderAgent agent : agents) {
      agent.close();
    }
    broker.close();
    site.close();
  }
}
