package io.edgemarket.cli.market;

import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.RemoteLedgerGateway;
import io.edgemarket.model.http.Tls;
import io.edgemarket.model.ledger.LedgerGateway;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * The ledger connection of a client command: the broker's relay on the embedded ledger, the
 * participant's own organisation's peer on Fabric (the relay cannot carry Fabric transactions).
 */
public final class ClientLedger {
  private ClientLedger() {}

  /** A gateway acting as {@code participant}; the caller closes it. */
  public static LedgerGateway open(MarketDir dir, URI broker, Identity participant)
      throws IOException {
    return dir.ledgerKind() == LedgerKind.FABRIC
        ? FabricNetwork.open().gateway(participant)
        : relay(dir, broker, participant);
  }

  /** The broker's ledger relay, over https verified against the market's CAs in {@code dir}. */
  public static LedgerGateway relay(MarketDir dir, URI broker, Identity participant)
      throws IOException {
    return new RemoteLedgerGateway(
        broker,
        participant,
        Tls.httpClient(dir.tlsTrust()).connectTimeout(Duration.ofSeconds(5)).build());
  }
}
