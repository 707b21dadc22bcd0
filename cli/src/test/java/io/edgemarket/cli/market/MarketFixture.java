package io.edgemarket.cli.market;

import com.fasterxml.jackson.core.type.TypeReference;
import io.edgemarket.broker.invoke.ConsumerLimits;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.RemoteLedgerGateway;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records.Balance;
import io.edgemarket.model.ledger.Records.Page;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.sdk.EdgeMarket;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** A whole local market for one test class, and the ledger views the assertions need. */
final class MarketFixture implements AutoCloseable {
  final LocalMarket market;
  final LedgerGateway auditor;
  final EdgeMarket consumer;

  MarketFixture(Path dir, int providers) throws Exception {
    this(dir, providers, ConsumerLimits.DEFAULTS);
  }

  /** A market whose broker limits each consumer as {@code limits} says. */
  MarketFixture(Path dir, int providers, ConsumerLimits limits) throws Exception {
    this(dir, providers, LedgerKind.EMBEDDED, limits);
  }

  /**
   * A market on {@code ledger}: on Fabric, the fixture's participants reach the ledger through
   * their organisation's peer, as the CLI's do (the broker's relay serves the embedded ledger
   * only).
   */
  MarketFixture(Path dir, int providers, LedgerKind ledger) throws Exception {
    this(dir, providers, ledger, ConsumerLimits.DEFAULTS);
  }

  private MarketFixture(Path dir, int providers, LedgerKind ledger, ConsumerLimits limits)
      throws Exception {
    market =
        LocalMarket.start(
            dir,
            BrokerListener.loopback(0),
            providers,
            ledger,
            null,
            limits,
            new PrintStream(OutputStream.nullOutputStream()));
    auditor = gateway("auditor");
    consumer = identityClient("consumer");
  }

  /** A ledger connection as one of the market's identities; the caller closes it. */
  LedgerGateway gateway(String identityName) throws Exception {
    Identity identity = market.dir().identity(identityName);
    return market.dir().ledgerKind() == LedgerKind.FABRIC
        ? ClientLedger.open(market.dir(), market.brokerUrl(), identity)
        : new RemoteLedgerGateway(market.brokerUrl(), identity);
  }

  /**
   * An SDK client as one of the market's identities (e.g. its auditor); on Fabric its ledger reads
   * go to its organisation's peer, through a connection the market closes.
   */
  EdgeMarket identityClient(String name) throws Exception {
    Identity identity = market.dir().identity(name);
    EdgeMarket.Builder builder =
        EdgeMarket.builder()
            .broker(market.brokerUrl())
            .identity(identity)
            .trustRoots(market.trustRoots());
    if (market.dir().ledgerKind() == LedgerKind.FABRIC) {
      builder.ledger(market.ledgerAs(identity));
    }
    return builder.build();
  }

  Identity identity(String name) throws Exception {
    return market.dir().identity(name);
  }

  long balance(String accountId) throws LedgerException {
    return Json.read(auditor.evaluate(Transactions.GET_BALANCE, accountId), Balance.class)
        .balance();
  }

  /** Every account's balance, the issuer's (negative) included. */
  Map<String, Long> balances() throws LedgerException {
    Map<String, Long> all = new TreeMap<>();
    String bookmark = "";
    do {
      Page<Balance> page =
          Json.read(
              auditor.evaluate(Transactions.LIST_ACCOUNTS, "100", bookmark),
              new TypeReference<Page<Balance>>() {});
      page.records().forEach(b -> all.put(b.accountId(), b.balance()));
      bookmark = page.bookmark();
    } while (bookmark != null && !bookmark.isEmpty());
    return all;
  }

  @Override
  public void close() {
    consumer.close();
    auditor.close();
    market.close();
  }
}
