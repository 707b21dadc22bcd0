package io.edgemarket.cli;

import io.edgemarket.bridge.EvmChain;
import io.edgemarket.cli.market.ClientLedger;
import io.edgemarket.cli.market.LedgerKind;
import io.edgemarket.cli.market.LocalAnvil;
import io.edgemarket.cli.market.LocalEvm;
import io.edgemarket.cli.market.LocalMarket;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.RemoteLedgerGateway;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.testing.Anvil;
import io.edgemarket.testing.Await;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * What {@code up --evm} starts, in-process: a market with one provider, a local anvil with the
 * token and escrow deployed and DIR/evm.json written. Skipped where anvil is missing (failed under
 * CI), as the bridge's own tests are.
 */
final class EvmMarket implements AutoCloseable {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  final Path data;
  final LocalAnvil anvil;
  final LocalMarket market;
  final LocalEvm.Setup chain;
  final LedgerGateway auditor;
  private boolean deployed;

  private EvmMarket(Path data, LocalAnvil anvil, LocalMarket market, LocalEvm.Setup chain)
      throws Exception {
    this.data = data;
    this.anvil = anvil;
    this.market = market;
    this.chain = chain;
    Identity auditorId = market.dir().identity("auditor");
    // On Fabric the auditor reads through its organisation's peer, as the CLI's audit does.
    this.auditor =
        market.dir().ledgerKind() == LedgerKind.FABRIC
            ? ClientLedger.open(market.dir(), market.brokerUrl(), auditorId)
            : new RemoteLedgerGateway(market.brokerUrl(), auditorId);
  }

  static EvmMarket start(Path data) throws Exception {
    return start(data, LedgerKind.EMBEDDED);
  }

  /** As {@link #start(Path)}, on {@code ledger} (on Fabric, the network already running). */
  static EvmMarket start(Path data, LedgerKind ledger) throws Exception {
    if (Anvil.binary().isEmpty()) {
      String why = "anvil is not installed (scripts/setup-prereqs.sh): up --evm needs it";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(why);
      }
      Assumptions.abort(why);
    }
    LocalAnvil anvil = LocalAnvil.start(data);
    LocalMarket market = null;
    try {
      market = LocalMarket.start(data, 0, 1, ledger, QUIET);
      return new EvmMarket(data, anvil, market, LocalEvm.setUp(market, anvil, QUIET));
    } catch (Exception | Error e) {
      if (market != null) {
        market.close();
      }
      anvil.close();
      throw e;
    }
  }

  String url() {
    return market.brokerUrl().toString();
  }

  /** The CLI against this market (its broker and DIR). */
  Cli cli(String... args) {
    return Cli.against(url(), data, args);
  }

  /**
   * Deploys {@code upper} and calls it {@code calls} times, then waits for a batch to settle;
   * returns every batch, oldest first.
   */
  List<Records.BatchSummary> settleSomeCalls(int calls) throws Exception {
    int before = batches().size();
    // Not told by the batches: a Fabric channel holds other markets' too.
    if (!deployed) {
      Cli deploy =
          cli("function", "deploy", "--name", "upper", "--wasm", "../samples/wasm/upper.wasm");
      if (deploy.exitCode() != 0) {
        throw new AssertionError(deploy.toString());
      }
      deployed = true;
    }
    for (int i = 0; i < calls; i++) {
      Cli call = cli("invoke", "upper", "--input", "edge " + i);
      if (call.exitCode() != 0) {
        throw new AssertionError(call.toString());
      }
    }
    return Await.until("a batch settled", this::batches, b -> b.size() > before);
  }

  List<Records.BatchSummary> batches() throws Exception {
    List<Records.BatchSummary> all = new ArrayList<>();
    Records.Page<Records.BatchSummary> page =
        Records.page(
            auditor.evaluate(Transactions.LIST_BATCHES, "1000", ""), Records.BatchSummary.class);
    if (page.records() != null) {
      all.addAll(page.records());
    }
    // Listed by id (a UUID); settlement order is what anchors follow.
    all.sort(java.util.Comparator.comparingLong(Records.BatchSummary::settledAt));
    return all;
  }

  long ledgerBalance(String accountId) throws Exception {
    return Records.read(
            auditor.evaluate(Transactions.GET_BALANCE, accountId), Records.Balance.class)
        .balance();
  }

  /** The bridge key's client of the chain. */
  EvmChain bridgeChain() {
    return EvmChain.builder()
        .rpcUrl(anvil.url())
        .credentials(chain.bridgeKey())
        .chainId(anvil.chainId())
        .build();
  }

  @Override
  public void close() {
    auditor.close();
    market.close();
    anvil.close();
  }
}
