package io.edgemarket.broker;

import io.edgemarket.broker.api.ApiServices;
import io.edgemarket.broker.api.HttpApi;
import io.edgemarket.broker.blob.BlobStore;
import io.edgemarket.broker.chain.LedgerReads;
import io.edgemarket.broker.chain.MarketLedger;
import io.edgemarket.broker.enroll.EnrollmentService;
import io.edgemarket.broker.invoke.ConsumerLimits;
import io.edgemarket.broker.invoke.InvocationService;
import io.edgemarket.broker.link.AgentLinks;
import io.edgemarket.broker.market.Matcher;
import io.edgemarket.broker.market.OfferBook;
import io.edgemarket.broker.market.OfferFeed;
import io.edgemarket.broker.market.ReputationFeed;
import io.edgemarket.broker.market.VerifierBook;
import io.edgemarket.broker.metrics.BrokerMetrics;
import io.edgemarket.broker.settle.BatchOutcome;
import io.edgemarket.broker.settle.SettlementQueue;
import io.edgemarket.broker.settle.SettlementStats;
import io.edgemarket.broker.settle.Settler;
import io.edgemarket.broker.settle.StatementBook;
import io.edgemarket.broker.trigger.ChainTriggers;
import io.edgemarket.broker.trigger.CronTriggers;
import io.edgemarket.broker.trigger.GrantFeed;
import io.edgemarket.broker.trigger.MqttTriggers;
import io.edgemarket.broker.trigger.RouteService;
import io.edgemarket.broker.trigger.RouteTable;
import io.edgemarket.chaincode.Contracts;
import io.edgemarket.ledger.embedded.EmbeddedBackend;
import io.edgemarket.ledger.embedded.EmbeddedGateway;
import io.edgemarket.ledger.embedded.EmbeddedLedger;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.RequestVerifier;
import io.edgemarket.model.ledger.LedgerBackend;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker service. {@link #start()} opens the ledger (the embedded one under {@code
 * dataDir/ledger} unless another backend was given), registers the broker as a participant, opens
 * the settlement queue (resuming any unsettled receipts), fills the offer book and starts the
 * settler and the HTTP API; {@link #close()} stops them in reverse order. Receipts still queued at
 * close are settled at the next start.
 */
public final class Broker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Broker.class);
  // Offers arrive through the ledger's events (embedded listener or Fabric's chaincode event
  // stream); the full read is only a reconciliation, for an event lost while (re)subscribing.
  private static final long OFFER_RECONCILE_MILLIS = 15_000;
  // Providers' reputations (lost disputes) on the ledger, read in the background for matching.
  private static final long REPUTATION_REFRESH_MILLIS = 10_000;
  // Grants naming this broker arrive through the ledger's events too; the full read repairs a lost
  // one and brings the ledger's counters.
  private static final long GRANT_RECONCILE_MILLIS = 15_000;

  private final BrokerBuilder settings;
  private final Deque<AutoCloseable> running = new ArrayDeque<>();
  private LedgerBackend backend;
  private int port = -1;

  Broker(BrokerBuilder settings) {
    this.settings = settings;
  }

  public static BrokerBuilder builder() {
    return new BrokerBuilder();
  }

  public synchronized Broker start() throws IOException, LedgerException {
    if (backend != null) {
      throw new IllegalStateException("broker already started");
    }
    try {
      Files.createDirectories(settings.dataDir);
      backend =
          settings.ledger != null
              ? settings.ledger
              : new EmbeddedBackend(
                  EmbeddedLedger.builder(settings.dataDir.resolve("ledger"), settings.ca)
                      .contracts(Contracts.ALL)
                      .open());
      running.push(backend);
      LedgerGateway brokerLedger = backend.gateway(settings.identity);
      MarketLedger ledger = new MarketLedger(brokerLedger);
      ledger.register();

      BrokerMetrics metrics = new BrokerMetrics();
      SettlementQueue queue = SettlementQueue.open(settings.dataDir.resolve("settlement"));
      running.push(queue);
      OfferBook book = new OfferBook(System::currentTimeMillis);
      VerifierBook verifiers = new VerifierBook(System::currentTimeMillis);
      AgentLinks links = new AgentLinks(settings.identity, settings.trust, book);
      // Providers' and consumers' statements over their receipts and tickets (issue 11).
      StatementBook statements = new StatementBook();
      links.statementsTo(statements);
      metrics.statements(statements, StatementBook::accepted, StatementBook::refused);
      running.push(links);
      InvocationService invocations =
          new InvocationService(
              settings.identity,
              settings.trust,
              ledger,
              new Matcher(book),
              verifiers,
              queue,
              settings.dataDir.resolve("invocations"),
              metrics,
              links,
              settings.tls != null,
              new ConsumerLimits(
                  settings.maxInFlightPerConsumer, settings.invocationsPerMinutePerConsumer));
      running.push(invocations);
      invocations.statementsTo(statements);
      invocations.restore(queue.restoredReceipts(), queue.restoredOutcomes());
      // Issue 11: agents keep receipts until the queue holds them; lost ones are collected again.
      links.recollectWith(invocations.recollection());
      queue.onDurable(links::durable);
      SettlementStats stats = queue.restoredStats();
      metrics.gauges(queue::depth, book::servingOffers);

      OfferFeed feed = new OfferFeed(book, ledger, OFFER_RECONCILE_MILLIS);
      backend.addEventListener(feed::onEvent);
      feed.start();
      running.push(feed);
      RouteTable routes = new RouteTable(settings.identity.id());
      CronTriggers schedules =
          new CronTriggers(
              settings.identity.id(),
              invocations::fire,
              System::currentTimeMillis,
              outcome -> metrics.triggerFiring("cron", outcome));
      ChainTriggers chains =
          new ChainTriggers(
              settings.identity.id(),
              invocations::fire,
              System::currentTimeMillis,
              outcome -> metrics.triggerFiring("chain", outcome));
      invocations.onSuccess(chains::succeeded);
      running.push(chains);
      MqttTriggers mqtt =
          new MqttTriggers(
              settings.identity.id(),
              invocations::fire,
              System::currentTimeMillis,
              outcome -> metrics.triggerFiring("mqtt", outcome));
      running.push(mqtt);
      GrantFeed grants = new GrantFeed(routes, schedules, ledger, GRANT_RECONCILE_MILLIS);
      grants.feeding(chains::upsert).feeding(mqtt::upsert);
      backend.addEventListener(grants::onEvent);
      grants.start();
      running.push(grants);
      schedules.start();
      running.push(schedules);
      ReputationFeed reputations = new ReputationFeed(book, ledger, REPUTATION_REFRESH_MILLIS);
      reputations.start();
      running.push(reputations);

      Settler settler =
          new Settler(
              queue,
              ledger,
              settings.identity,
              settings.batchSize,
              settings.batchInterval.toMillis(),
              statements,
              outcome -> settled(outcome, invocations, stats, metrics));
      settler.start();
      running.push(settler);

      EnrollmentService enrollment =
          new EnrollmentService(
              settings.dataDir.resolve("enrollment").resolve("enrollment.log"),
              settings.ca,
              id -> ledger.participant(id).isPresent(),
              Clock.systemUTC());
      running.push(enrollment);

      RequestVerifier verifier = new RequestVerifier(settings.trust);
      ApiServices services =
          new ApiServices(
              backend,
              new BlobStore(settings.dataDir.resolve("blobs")),
              invocations,
              book,
              verifiers,
              queue,
              stats,
              metrics,
              verifier,
              settings.expectedProviders,
              enrollment,
              settings.identity.id(),
              links,
              new RouteService(
                  routes,
                  invocations,
                  System::currentTimeMillis,
                  outcome -> metrics.triggerFiring("route", outcome),
                  grants::readNow),
              brokerLedger,
              settings.dataDir,
              new LedgerReads(backend.gateway(settings.identity)));
      HttpApi http = new HttpApi(services, settings.tls, settings.trust);
      running.push(http);
      port = http.start(settings.host, settings.port);
      LOG.info(
          "broker {} listening on {} (ledger: {})", settings.identity.id(), url(), backend.name());
      return this;
    } catch (IOException | LedgerException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private static void settled(
      BatchOutcome outcome,
      InvocationService invocations,
      SettlementStats stats,
      BrokerMetrics metrics) {
    stats.add(outcome);
    metrics.batch(outcome.settled().size(), outcome.rejected().size());
    invocations.onBatch(outcome);
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8080}, or {@code https://…} when serving TLS. */
  public String url() {
    String host = settings.host.contains(":") ? "[" + settings.host + "]" : settings.host;
    return (settings.tls != null ? "https://" : "http://") + host + ":" + port();
  }

  /** True when the broker serves HTTPS. */
  public boolean tls() {
    return settings.tls != null;
  }

  public int port() {
    if (port < 0) {
      throw new IllegalStateException("broker not started");
    }
    return port;
  }

  /** The embedded ledger (only when no other backend was plugged in). */
  public EmbeddedLedger ledger() {
    if (backend instanceof EmbeddedBackend embedded) {
      return embedded.ledger();
    }
    throw new IllegalStateException(
        backend == null
            ? "broker not started"
            : "the broker runs on a " + backend.name() + " ledger");
  }

  /** A ledger gateway for a participant in this process (agents, tests, the demo). */
  public EmbeddedGateway gateway(Identity identity) {
    return new EmbeddedGateway(ledger(), identity);
  }

  @Override
  public synchronized void close() {
    while (!running.isEmpty()) {
      AutoCloseable component = running.pop();
      try {
        component.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed", component.getClass().getSimpleName(), e);
      }
    }
    backend = null;
  }
}
