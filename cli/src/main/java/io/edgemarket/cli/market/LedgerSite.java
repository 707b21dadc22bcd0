package io.edgemarket.cli.market;

import io.edgemarket.broker.Broker;
import io.edgemarket.broker.BrokerBuilder;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.ledger.LedgerGateway;

/**
 * What a local market needs of its ledger, whichever it is: who issues each role's certificates,
 * which CAs to trust, how the broker reaches the ledger, and how participants in this process do.
 */
interface LedgerSite extends AutoCloseable {

  /** The CA that enrols {@code role}: the market CA, or on Fabric the role's organisation. */
  CertificateAuthority caFor(Role role);

  TrustRoots trustRoots();

  /** The certificate common name of the market's participant called {@code name}. */
  String commonName(String name);

  /** Points the broker at this ledger. */
  BrokerBuilder configure(BrokerBuilder broker, Identity brokerIdentity);

  /** A gateway as {@code participant} once the broker runs; the site closes it. */
  LedgerGateway gateway(Broker broker, Identity participant);

  /**
   * The ledger connection a provider agent should use, or null for the broker's relay (which the
   * agent opens and closes itself).
   */
  LedgerGateway agentLedger(Broker broker, Identity provider);

  @Override
  void close();
}
