package io.edgemarket.cli.market;

import io.edgemarket.broker.Broker;
import io.edgemarket.broker.BrokerBuilder;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.ledger.LedgerGateway;
import java.util.ArrayList;
import java.util.List;

/** The broker's embedded ledger, with the market CA in the data directory. */
final class EmbeddedSite implements LedgerSite {
  private final CertificateAuthority ca;
  private final List<LedgerGateway> opened = new ArrayList<>();

  EmbeddedSite(CertificateAuthority ca) {
    this.ca = ca;
  }

  @Override
  public CertificateAuthority caFor(Role role) {
    return ca;
  }

  @Override
  public String commonName(String name) {
    return name;
  }

  @Override
  public TrustRoots trustRoots() {
    return TrustRoots.of(ca);
  }

  @Override
  public BrokerBuilder configure(BrokerBuilder broker, Identity brokerIdentity) {
    return broker.ca(ca);
  }

  @Override
  public synchronized LedgerGateway gateway(Broker broker, Identity participant) {
    LedgerGateway gateway = broker.gateway(participant);
    opened.add(gateway);
    return gateway;
  }

  @Override
  public LedgerGateway agentLedger(Broker broker, Identity provider) {
    // Agents reach the embedded ledger through the broker's relay over HTTP, as remote ones do.
    return null;
  }

  @Override
  public synchronized void close() {
    for (LedgerGateway gateway : opened) {
      gateway.close();
    }
    opened.clear();
  }
}
