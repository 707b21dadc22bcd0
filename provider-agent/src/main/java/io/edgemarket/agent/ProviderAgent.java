package io.edgemarket.agent;

import io.edgemarket.agent.CapacityProbe.Capacity;
import io.edgemarket.agent.container.ContainerSandbox;
import io.edgemarket.agent.container.EngineException;
import io.edgemarket.agent.link.BrokerLink;
import io.edgemarket.agent.sandbox.WasmModuleCache;
import io.edgemarket.agent.sandbox.WasmSandbox;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.RemoteLedgerGateway;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.link.LinkHandshake;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider agent: offers this machine's idle capacity on the market, runs the functions brokers
 * dispatch to it in the WebAssembly sandbox (and, when {@link ProviderAgentBuilder#containers
 * enabled}, OCI images in the container sandbox) and signs a receipt for each run. Build one with
 * {@link #builder()}, {@link #start()} it, and {@link #close()} it to leave the market gracefully.
 */
public final class ProviderAgent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderAgent.class);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

  private final AgentConfig config;
  private final LedgerGateway ledger;
  private final boolean ownsLedger;
  private final CapacityProbe probe;
  private final Clock clock = Clock.systemUTC();
  private final Slots slots;
  private final AgentMetrics metrics;
  // Volatile, read without the lock: close() holds the lock for as long as the drain takes.
  private volatile OfferKeeper offers;
  private volatile String url;
  private volatile MarketPresence presence;
  private volatile BrokerLink link;
  private WasmSandbox sandbox;
  private ContainerSandbox containers;
  private AgentServer server;
  private SequenceCounter sequence;
  private ReceiptJournal journal;
  private ReceiptStatements statements;
  private SettledSweep sweep;
  private boolean started;
  private boolean closed;

  ProviderAgent(AgentConfig config, LedgerGateway ledger, CapacityProbe probe) {
    this.config = config;
    this.ownsLedger = ledger == null;
    this.ledger =
        ownsLedger
            ? new RemoteLedgerGateway(
                config.broker(), config.identity(), BrokerClient.http(config.trust()))
            : ledger;
    this.probe = probe;
    this.slots = new Slots(config.maxConcurrency());
    this.metrics = new AgentMetrics(config.identity().id(), slots);
  }

  public static ProviderAgentBuilder builder() {
    return new ProviderAgentBuilder();
  }

  /**
   * Serves HTTP (unless {@link Inbound#NONE}), registers on the ledger, publishes the offer and
   * starts dialling out to the broker (with {@code link(true)}). On failure everything started so
   * far is stopped again.
   *
   * @throws IOException if the data directory cannot be used (or another agent holds it)
   * @throws LedgerException if registration or the first publication fails
   */
  public synchronized ProviderAgent start() throws IOException, LedgerException {
    if (started || closed) {
      throw new IllegalStateException(closed ? "closed" : "already started");
    }
    started = true;
    try {
      sequence = SequenceCounter.open(config.sequenceFile());
      journal = ReceiptJournal.open(config.journalFile(), ReceiptJournal.DEFAULT_CAPACITY);
      sweep = new SettledSweep(journal, ledger, clock).start();
      sandbox = new WasmSandbox(new WasmModuleCache(), config.maxConcurrency());
      metrics.warmCapacity("wasm", sandbox::warmCapacity);
      BrokerClient broker = new BrokerClient(config.broker(), config.identity(), config.trust());
      ModuleStore modules = new ModuleStore(config.modulesDir(), sandbox.modules(), broker);
      ImageStore images = config.runsContainers() ? openImages(broker) : null;
      InvocationRunner invoker =
          new InvocationRunner(
              config, slots, modules, sandbox, images, sequence, journal, metrics, clock);
      InvokeHandler push =
          config.acceptsPush() ? new InvokeHandler(new BrokerAuth(config.trust()), invoker) : null;
      if (config.inbound() != Inbound.NONE) {
        server = AgentServer.start(config, push, metrics, identity().id());
      }
      // Without pushes the broker reaches this agent only through its link, which the offer says.
      url =
          push != null ? config.urlFor(server.port()) : LinkHandshake.linkEndpoint(config.broker());
      if (config.link()) {
        link =
            new BrokerLink(
                config.broker(),
                config.identity(),
                config.trust(),
                broker.http(),
                config.maxConcurrency(),
                config.heartbeatInterval(),
                new LinkInvocations(invoker, journal, config.faults(), () -> link),
                this::linkChanged,
                // Invocations on the link run their Wasm function on the runner itself.
                WasmSandbox.callerThreads("provider-agent-link-invocation"));
        statements = new ReceiptStatements(config.identity(), () -> link);
        journal.onAdd(statements::add);
      }
      offers = new OfferKeeper(config, ledger, probe, url, clock);
      presence = new MarketPresence(config, offers, broker, slots, url, clock, link);
      Capacity offered = presence.start();
      if (link != null) {
        link.start();
      }
      LOG.info(
          "{} offering {} on {}",
          identity().id(),
          config.describeOffer(offered.idleCpuMillis(), offered.freeMemoryMb()),
          url);
      if (!config.faults().isNone()) {
        LOG.warn("{} injects faults (tests only): {}", identity().id(), config.faults());
      }
      return this;
    } catch (IOException | LedgerException | RuntimeException e) {
      stopAll();
      throw e;
    }
  }

  /** The container sandbox, its containers owned by this agent's identity. */
  private ImageStore openImages(BrokerClient broker) throws IOException {
    try {
      containers = ContainerSandbox.open(config.containers().withOwner(identity().id()));
    } catch (EngineException e) {
      throw new IOException("cannot use the container engine: " + e.getMessage(), e);
    }
    metrics.warmCapacity("oci", containers::warmCapacity);
    LOG.info(
        "{} runs oci functions; fuel for them is {}",
        identity().id(),
        containers.metersCpu() ? "CPU time" : "wall time");
    return new ImageStore(config.imagesDir(), containers, broker);
  }

  private void linkChanged() {
    MarketPresence current = presence;
    if (current != null) {
      current.linkChanged();
    }
  }

  /** True when the agent's link to the broker is up (always false without {@code link(true)}). */
  public boolean linked() {
    BrokerLink current = link;
    return current != null && current.isUp();
  }

  /**
   * The base URL brokers invoke this agent at: its HTTP server, or, for an agent that takes
   * invocations over its link only, the broker's link endpoint (which its offer names).
   */
  public String url() {
    String current = url;
    if (current == null) {
      throw new IllegalStateException("not started");
    }
    return current;
  }

  /** {@code <CN>-offer}; the same across restarts. */
  public String offerId() {
    return config.offerId();
  }

  public Identity identity() {
    return config.identity();
  }

  /** This provider's balance on the ledger: what it has been paid. */
  public long earnings() throws LedgerException {
    OfferKeeper keeper = offers;
    return (keeper != null ? keeper : new OfferKeeper(config, ledger, probe, null, clock))
        .earnings();
  }

  /** Receipts kept until the broker holds them (issue 11); for tests. */
  int journaledReceipts() {
    ReceiptJournal current = journal;
    return current == null ? 0 : current.size();
  }

  /** Invocations running now. */
  int activeInvocations() {
    return slots.active();
  }

  /**
   * Leaves the market gracefully: refuses new work (503), lets running invocations finish (up to 10
   * s), withdraws the offer, sends a last heartbeat saying it is draining, stops serving. Never
   * throws; calling it again does nothing.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    slots.drain();
    if (presence != null) {
      // Tell the broker now, not at the next tick, so that it stops sending work at once.
      presence.announceDraining();
    }
    try {
      if (!slots.awaitIdle(DRAIN_TIMEOUT)) {
        LOG.warn(
            "{} invocations still running after {}; stopping them", slots.active(), DRAIN_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stopAll();
    if (url != null) {
      LOG.info("{} has left the market", identity().id());
    }
  }

  /**
   * Stops whatever was started, each part even if another fails. The sandbox goes before the
   * server: closing it ends executions that outlived the drain (they answer 500, without receipt),
   * so the server's stop does not wait on them.
   */
  private void stopAll() {
    quietly(presence == null ? null : presence::stop);
    // After the last heartbeat (which says draining) has gone out on it.
    quietly(statements == null ? null : statements::close);
    quietly(link == null ? null : link::close);
    quietly(sandbox == null ? null : sandbox::close);
    quietly(containers == null ? null : containers::close);
    quietly(server == null ? null : server::stop);
    quietly(sequence == null ? null : sequence::close);
    quietly(sweep == null ? null : sweep::close);
    quietly(journal == null ? null : journal::close);
    quietly(ownsLedger ? ledger::close : null);
    quietly(metrics::close);
    presence = null;
    link = null;
    statements = null;
    sandbox = null;
    containers = null;
    server = null;
    sequence = null;
    sweep = null;
    journal = null;
  }

  private static void quietly(Step step) {
    if (step == null) {
      return;
    }
    try {
      step.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("error while stopping the agent", e);
    }
  }

  /** One part to stop. */
  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }
}
