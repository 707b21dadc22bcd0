package io.edgemarket.cli.simulate;

import io.edgemarket.agent.link.BrokerLink;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Offer;
import io.edgemarket.model.api.Heartbeat;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.model.link.LinkHandshake;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

/**
 * One simulated provider: its offer on the ledger (reachable only by its link, as an agent started
 * with {@code --dial-out}) and the agent's own {@link BrokerLink} to the broker, which churn closes
 * and opens again. Heartbeats are sent by the {@link Fleet}'s scheduler, not by a thread of its
 * own.
 */
final class SimProvider {
  private final ProviderSpec spec;
  private final Identity identity;
  private final SimWork work;
  private final URI broker;
  private final TrustRoots trust;
  private final HttpClient http;
  private final Duration heartbeatInterval;
  private volatile BrokerLink link;

  SimProvider(
      ProviderSpec spec,
      Identity identity,
      URI broker,
      TrustRoots trust,
      HttpClient http,
      Duration heartbeatInterval,
      boolean colluding) {
    this.spec = spec;
    this.identity = identity;
    this.work = new SimWork(spec, identity, colluding);
    this.broker = broker;
    this.trust = trust;
    this.http = http;
    this.heartbeatInterval = heartbeatInterval;
  }

  String offerId() {
    return spec.name() + "-offer";
  }

  /** Publishes the offer, staked, alive for {@code ttl}. */
  void publish(LedgerGateway ledger, long stake, Duration ttl) throws LedgerException {
    long now = System.currentTimeMillis();
    Offer offer =
        new Offer(
            offerId(),
            identity.id(),
            LinkHandshake.linkEndpoint(broker),
            spec.region(),
            spec.latitudeE6(),
            spec.longitudeE6(),
            1000,
            512,
            spec.slots(),
            List.of(FunctionSpec.RUNTIME_WASM),
            List.of(),
            spec.pricePerInvocation(),
            spec.pricePerMegaFuel(),
            now + ttl.toMillis(),
            Offer.ACTIVE,
            now,
            stake,
            null);
    ledger.submit(Transactions.PUBLISH_OFFER, Json.write(offer));
  }

  synchronized void connect() {
    if (link == null) {
      BrokerLink opened =
          new BrokerLink(
              broker, identity, trust, http, spec.slots(), heartbeatInterval, work, this::beat);
      link = opened;
      opened.start();
    }
  }

  /** Drops off the market: the link closes, as when the provider's machine or network goes. */
  synchronized void disconnect() {
    BrokerLink current = link;
    link = null;
    if (current != null) {
      current.close();
    }
  }

  boolean linked() {
    BrokerLink current = link;
    return current != null && current.isUp();
  }

  /** Reports live load on the link, as the agent's heartbeat does; nothing when it is down. */
  void beat() {
    BrokerLink current = link;
    if (current != null) {
      current.heartbeat(
          new Heartbeat(
              identity.id(),
              offerId(),
              LinkHandshake.linkEndpoint(broker),
              Math.min(work.active(), spec.slots()),
              spec.slots(),
              1000,
              512,
              false,
              System.currentTimeMillis()));
    }
  }

  ProviderSpec spec() {
    return spec;
  }

  Identity identity() {
    return identity;
  }

  SimWork work() {
    return work;
  }
}
