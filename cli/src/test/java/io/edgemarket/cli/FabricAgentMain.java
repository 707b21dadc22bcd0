package io.edgemarket.cli;

import io.edgemarket.agent.ProviderAgent;
import io.edgemarket.cli.market.FabricNetwork;
import io.edgemarket.cli.market.MarketDir;
import io.edgemarket.ledger.fabric.FabricMarketIdentities;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Transactions;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A provider agent of a Fabric market in a process of its own, for {@link CrashMarket}: enrolled
 * with the providers' organisation under the market's tag and talking to its own peer, as {@code up
 * --ledger fabric} builds its agents in-process. Runs until the process is stopped.
 *
 * <p>Arguments: broker URL, the market's data directory, the agent's name, the agent's home.
 */
public final class FabricAgentMain {
  private FabricAgentMain() {}

  public static void main(String[] args) throws Exception {
    URI broker = URI.create(args[0]);
    MarketDir market = new MarketDir(Path.of(args[1]));
    String name = args[2];
    Path home = Path.of(args[3]);
    FabricMarketIdentities network = FabricNetwork.open();
    Identity provider =
        new MarketDir(home)
            .ensureIdentity(
                network.caFor(Role.PROVIDER), name, name + "-" + market.marketTag(), Role.PROVIDER);
    LedgerGateway ledger = network.gateway(provider);
    ledger.submit(Transactions.REGISTER_PARTICIPANT);
    ProviderAgent agent =
        ProviderAgent.builder()
            .broker(broker)
            .identity(provider)
            .trustRoots(network.trustRoots())
            .dataDir(home.resolve("agent"))
            .cpuShareMillis(1000)
            .memoryShareMb(256)
            .maxConcurrency(4)
            .pricePerInvocation(10)
            .pricePerMegaFuel(1)
            .ledger(ledger)
            .build();
    agent.start();
    System.out.println("agent " + provider.id() + " on " + agent.url());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.close();
                  ledger.close();
                  stopped.countDown();
                }));
    stopped.await();
  }
}
