package io.edgemarket.agent;

import io.edgemarket.agent.VerifierMessages.Announcement;
import io.edgemarket.agent.sandbox.WasmModuleCache;
import io.edgemarket.agent.sandbox.WasmSandbox;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.RemoteLedgerGateway;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Transactions;
import io.javalin.Javalin;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An independent verifier for functions deployed with trust level {@code reexecute}: a party of its
 * own (an auditor's identity, not the broker's, not a provider's) that re-executes sampled
 * invocations in the same deterministic Wasm sandbox the agents use and, when a provider's output
 * is wrong, opens and resolves the dispute on the ledger with its verdict. Brokers call it over
 * HTTP ({@code POST /verify}); it tells the broker where it listens with a signed heartbeat. Build
 * one with {@link #builder()}, {@link #start()} it, {@link #close()} it.
 */
public final class Verifier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);

  private final VerifierBuilder settings;
  private final LedgerGateway ledger;
  private final boolean ownsLedger;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "verifier-heartbeat");
            thread.setDaemon(true);
            return thread;
          });
  private WasmSandbox sandbox;
  private Javalin app;
  private volatile String url;
  private volatile boolean announced;

  Verifier(VerifierBuilder settings) {
    this.settings = settings;
    this.ownsLedger = settings.ledger == null;
    this.ledger =
        ownsLedger
            ? new RemoteLedgerGateway(
                settings.broker, settings.identity, BrokerClient.http(settings.trust))
            : settings.ledger;
  }

  public static VerifierBuilder builder() {
    return new VerifierBuilder();
  }

  /**
   * Registers on the ledger, serves HTTP and starts announcing itself to the broker.
   *
   * @throws LedgerException if registration fails
   */
  public synchronized Verifier start() throws LedgerException {
    if (app != null) {
      throw new IllegalStateException("already started");
    }
    ledger.submit(Transactions.REGISTER_PARTICIPANT);
    Identity self = settings.identity;
    sandbox = new WasmSandbox(new WasmModuleCache(), settings.workers);
    BrokerClient broker = new BrokerClient(settings.broker, self, settings.trust);
    ModuleStore modules =
        new ModuleStore(settings.dataDir.resolve("modules"), sandbox.modules(), broker);
    VerifyHandler verify =
        new VerifyHandler(
            new BrokerAuth(settings.trust),
            new Reexecution(self, modules, sandbox, ledger),
            new Slots(settings.workers));
    app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              cfg.http.maxRequestSize = AgentServer.MAX_REQUEST_BYTES;
              cfg.routes.post("/verify", verify);
              cfg.routes.get("/health", new StatusHandlers.Health(self.id()));
            });
    try {
      app.start(settings.bindHost, settings.port);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    String host =
        settings.bindHost.contains(":") ? "[" + settings.bindHost + "]" : settings.bindHost;
    url = "http://" + host + ":" + app.port();
    Announcement announcement = new Announcement(self.id(), url);
    long every = settings.heartbeatInterval.toMillis();
    timer.scheduleWithFixedDelay(
        () -> announce(broker, announcement), 0, every, TimeUnit.MILLISECONDS);
    LOG.info("verifier {} re-executes sampled invocations on {}", self.id(), url);
    return this;
  }

  private void announce(BrokerClient broker, Announcement announcement) {
    try {
      broker.announceVerifier(announcement);
      if (!announced) {
        LOG.info("verifier {} announced to {}", announcement.verifierId(), settings.broker);
        announced = true;
      }
    } catch (IOException | RuntimeException e) {
      if (announced) {
        LOG.warn("verifier heartbeat failing (retrying): {}", e.getMessage());
      }
      announced = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The base URL brokers call {@code /verify} at. */
  public String url() {
    String current = url;
    if (current == null) {
      throw new IllegalStateException("not started");
    }
    return current;
  }

  public Identity identity() {
    return settings.identity;
  }

  /** Stops announcing, serving and the sandbox; never throws. */
  @Override
  public synchronized void close() {
    timer.shutdownNow();
    if (app != null) {
      app.stop();
    }
    if (sandbox != null) {
      sandbox.close();
    }
    if (ownsLedger) {
      ledger.close();
    }
  }
}
