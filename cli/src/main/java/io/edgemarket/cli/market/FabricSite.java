package io.edgemarket.cli.market;

import io.edgemarket.broker.Broker;
import io.edgemarket.broker.BrokerBuilder;
import io.edgemarket.ledger.fabric.FabricBackend;
import io.edgemarket.ledger.fabric.FabricMarketIdentities;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.ledger.LedgerGateway;
import java.util.ArrayList;
import java.util.List;

/**
 * The local Fabric network: providers enrol with the providers' organisation and everyone else with
 * the consumers' (network-config/README.md); each participant talks to its own organisation's peer
 * through the Fabric Gateway, and the broker reads the offer book from the chaincode event stream.
 */
final class FabricSite implements LedgerSite {
  private final FabricMarketIdentities network;
  private final String tag;
  private final List<LedgerGateway> opened = new ArrayList<>();

  /**
   * @param tag the market directory's tag, which keeps its participants' names apart from other
   *     markets' on the shared channel
   */
  FabricSite(FabricMarketIdentities network, String tag) {
    this.network = network;
    this.tag = tag;
  }

  @Override
  public String commonName(String name) {
    return name + "-" + tag;
  }

  @Override
  public CertificateAuthority caFor(Role role) {
    return network.caFor(role);
  }

  @Override
  public TrustRoots trustRoots() {
    return network.trustRoots();
  }

  @Override
  public BrokerBuilder configure(BrokerBuilder broker, Identity brokerIdentity) {
    return broker
        .ca(network.caFor(Role.BROKER))
        .trust(network.trustRoots())
        .ledger(new FabricBackend(network, brokerIdentity));
  }

  @Override
  public synchronized LedgerGateway gateway(Broker broker, Identity participant) {
    LedgerGateway gateway = network.gateway(participant);
    opened.add(gateway);
    return gateway;
  }

  @Override
  public LedgerGateway agentLedger(Broker broker, Identity provider) {
    return gateway(broker, provider);
  }

  @Override
  public synchronized void close() {
    for (LedgerGateway gateway : opened) {
      gateway.close();
    }
    opened.clear();
  }
}
