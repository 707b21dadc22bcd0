package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgemarket.agent.Inbound;
import io.edgemarket.agent.ProviderAgent;
import io.edgemarket.agent.ProviderAgentBuilder;
import io.edgemarket.cli.market.ClientLedger;
import io.edgemarket.cli.market.MarketDir;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.EdgeMarket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A market run as separate processes for the crash tests: {@code up --providers 0} (the broker
 * alone) on one data directory and port, which a test may kill and start again, and provider agents
 * in processes and directories of their own. {@link #close} stops whatever is still running.
 */
final class CrashMarket implements AutoCloseable {
  private final Path dir;
  private final Path data;
  private final int port;
  private final String ledger;
  private final List<MarketProcess> processes = new ArrayList<>();
  private MarketProcess broker;
  private int brokers;
  private int agentStarts;

  /**
   * @param dir the test's temporary directory (logs, agents' homes, the market's data)
   * @param ledger {@code embedded} or {@code fabric}
   */
  CrashMarket(Path dir, String ledger) throws Exception {
    this.dir = dir;
    this.data = dir.resolve("market");
    this.port = MarketProcess.freePort();
    this.ledger = ledger;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  Path data() {
    return data;
  }

  /** Starts {@code up} on the data directory and waits until it is healthy. */
  MarketProcess startBroker() throws Exception {
    brokers++;
    broker =
        MarketProcess.start(
            dir.resolve("broker-" + brokers + ".log"),
            "up",
            "--providers",
            "0",
            "--containers",
            "off",
            "--ledger",
            ledger,
            "--port",
            Integer.toString(port),
            "--data",
            data.toString());
    processes.add(broker);
    broker.awaitHealthy(url(), Duration.ofSeconds(240));
    // Health is UP before `up` has registered and funded its participants; agents joining then
    // would race it on the ledger.
    broker.awaitLine("EdgeMarket is up.", Duration.ofSeconds(120));
    return broker;
  }

  /** Lines of the running broker's log that contain {@code text}. */
  List<String> brokerLog(String text) {
    return broker.linesWith(text);
  }

  /** SIGKILL of the running broker's process. */
  void killBroker() throws InterruptedException {
    broker.kill();
  }

  /**
   * Starts {@code n} agents, each in its own process: on the embedded ledger enrolled with a token
   * and run by {@code provider start}, as a contributor runs one; on Fabric by {@link
   * FabricAgentMain}, since {@code provider start} reaches the ledger only through the broker's
   * relay, which Fabric transactions cannot pass.
   */
  void startAgents(int n, String prefix) throws Exception {
    for (int i = 1; i <= n; i++) {
      String name = prefix + "-" + i;
      Path home = dir.resolve(name);
      if ("fabric".equals(ledger)) {
        processes.add(
            MarketProcess.startMain(
                dir.resolve(name + ".log"),
                FabricAgentMain.class,
                url(),
                data.toString(),
                name,
                home.toString()));
      } else {
        enroll(name, home);
        processes.add(
            MarketProcess.start(
                dir.resolve(name + ".log"),
                "provider",
                "start",
                "--as",
                name,
                "--price",
                "10",
                "--price-per-mfuel",
                "1",
                "--memory",
                "256MiB",
                "--cpu",
                "1",
                "--containers",
                "off",
                "--broker",
                url(),
                "--data",
                home.toString()));
      }
    }
  }

  /**
   * Starts one agent by {@code provider start} in its own process under {@code wrapper} (empty, or
   * e.g. {@code faketime}), enrolled with a token on its first start, serving its status routes on
   * {@code port}; started again with the same name it resumes its home directory.
   */
  MarketProcess startAgent(String name, long price, int port, List<String> wrapper)
      throws Exception {
    Path home = dir.resolve(name);
    if (!Files.isDirectory(home)) {
      enroll(name, home);
    }
    MarketProcess agent =
        MarketProcess.startWrapped(
            dir.resolve(name + "-" + (++agentStarts) + ".log"),
            wrapper,
            EdgeMarketCli.class,
            "provider",
            "start",
            "--as",
            name,
            "--price",
            Long.toString(price),
            "--price-per-mfuel",
            "1",
            "--memory",
            "256MiB",
            "--cpu",
            "1",
            "--containers",
            "off",
            "--port",
            Integer.toString(port),
            "--broker",
            url(),
            "--data",
            home.toString());
    processes.add(agent);
    return agent;
  }

  /**
   * Starts an agent in this test's process (where a test can reach into it, and set its {@link
   * io.edgemarket.agent.Faults}), enrolled with a token as {@code provider start}'s are. Embedded
   * ledger only. The caller closes it.
   */
  ProviderAgent startAgentInProcess(String name, UnaryOperator<ProviderAgentBuilder> more)
      throws Exception {
    Path home = dir.resolve(name);
    enroll(name, home);
    MarketDir enrolled = new MarketDir(home);
    ProviderAgentBuilder builder =
        ProviderAgent.builder()
            .broker(URI.create(url()))
            .identity(enrolled.identity(name))
            .trustRoot(enrolled.trustRoot())
            .dataDir(enrolled.agentData(name))
            .cpuShareMillis(1000)
            .memoryShareMb(256)
            .maxConcurrency(4)
            .pricePerInvocation(10)
            .pricePerMegaFuel(1)
            .inbound(Inbound.NONE);
    return more.apply(builder).build().start();
  }

  void awaitProviders(int n) {
    MarketProcess.awaitProviders(url(), n, Duration.ofSeconds(180));
  }

  /** The directory's consumer, reading the ledger as the CLI does (its own peer on Fabric). */
  EdgeMarket consumer() throws Exception {
    return consumer(Duration.ofSeconds(30));
  }

  /** The directory's consumer, whose calls give up after {@code timeout}. */
  EdgeMarket consumer(Duration timeout) throws Exception {
    MarketDir market = new MarketDir(data);
    URI uri = URI.create(url());
    return EdgeMarket.builder()
        .broker(uri)
        .identity(market.identity("consumer"))
        .trustRoots(market.trustRoots())
        .ledger(ClientLedger.open(market, uri, market.identity("consumer")))
        .timeout(timeout)
        .build();
  }

  static void deployEcho(EdgeMarket consumer) throws Exception {
    consumer.deploy(
        "echo", Files.readAllBytes(Path.of("../samples/wasm/echo.wasm")), DeployOptions.defaults());
  }

  /** {@code audit} over the whole ledger; fails the test with its output unless it passes. */
  void assertAuditPasses() {
    Cli audit = Cli.run("audit", "--ledger", ledger, "--broker", url(), "--data", data.toString());
    assertEquals(0, audit.exitCode(), audit::toString);
  }

  @Override
  public void close() {
    processes.forEach(MarketProcess::stop);
  }

  private void enroll(String name, Path home) {
    Cli token =
        Cli.run(
            "identity",
            "token",
            "--role",
            "provider",
            "--name",
            name,
            "--broker",
            url(),
            "--data",
            data.toString());
    assertEquals(0, token.exitCode(), token::toString);
    Cli enroll =
        Cli.run(
            "identity",
            "enroll",
            "--broker",
            url(),
            "--token",
            token.out().strip(),
            "--data",
            home.toString());
    assertEquals(0, enroll.exitCode(), enroll::toString);
  }
}
