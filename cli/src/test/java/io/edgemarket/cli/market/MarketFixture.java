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
    market =
        LocalMarket.start(
            dir,
            BrokerListener.loopback(0),
            providers,
            LedgerKind.EMBEDDED,
            null,
            limits,
            new PrintStream(OutputStream.nullOutputStream()));
    auditor = gateway("auditor");
    consumer =
        EdgeMarket.builder()
            .broker(market.brokerUrl())
            .identity(market.dir().identity("consumer"))
            .trustRoot(market.dir().trustRoot())
            .build();
  }

  LedgerGateway gateway(String identityName) throws Exception {
    return new RemoteLedgerGateway(market.brokerUrl(), market.dir().identity(identityName));
  }

  /** An SDK client as one of the market's identities (e.g. its auditor). */
  EdgeMarket identityClient(String name) throws Exception {
    return EdgeMarket.builder()
        .broker(market.brokerUrl())
        .identity(market.dir().identity(name))
        .trustRoot(market.dir().trustRoot())
        .build();
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
