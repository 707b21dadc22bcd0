package io.edgemarket.cli;

import io.edgemarket.cli.simulate.PlacementProbe;
import io.edgemarket.cli.simulate.ReportTable;
import io.edgemarket.cli.simulate.SimOptions;
import io.edgemarket.cli.simulate.SimReport;
import io.edgemarket.cli.simulate.Simulation;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code edgemarket simulate}: the real market against many simulated providers (issue 13). */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    sortOptions = false,
    description = {
      "Run the real broker, embedded ledger (with the real chaincode) and settlement in this"
          + " process against many simulated providers and consumers, then report placement"
          + " quality, latency, cost, provider earnings, fraud caught and missed, and settlement.",
      "Each simulated provider is a real participant: its own identity from the market CA,"
          + " registered, funded and staked on the ledger, one offer there (price by strategy:"
          + " fixed, undercut, premium; 1-8 slots; a region and place), and the provider agent's own"
          + " link to the broker. Only its sandbox is simulated: it answers what the sample 'upper'"
          + " function answers after a service time drawn from its profile (a liar: a wrong"
          + " answer, signed like a right one). Consumers are real SDK clients, each with its own"
          + " escrow and its own 'upper', called open loop at --rate.",
      "Exit 0 when the run completed and money was conserved, 1 otherwise."
    })
final class SimulateCommand implements Callable<Integer> {
  @ParentCommand EdgeMarketCli root;

  @Option(
      names = "--providers",
      paramLabel = "N",
      defaultValue = "100",
      description =
          "Simulated providers, each with its own identity, offer and link (default: ${DEFAULT-VALUE}).")
  int providers;

  @Option(
      names = "--consumers",
      paramLabel = "N",
      defaultValue = "10",
      description =
          "Simulated consumers, each an SDK client with its own escrow (default: ${DEFAULT-VALUE}).")
  int consumers;

  @Option(
      names = "--duration",
      paramLabel = "D",
      defaultValue = "60s",
      converter = Units.DurationConverter.class,
      description =
          "How long the load runs, e.g. 60s or 5m (default: ${DEFAULT-VALUE}); setup and settlement come on top.")
  Duration duration;

  @Option(
      names = "--churn",
      paramLabel = "R",
      defaultValue = "0",
      description =
          "Churn: the fraction of providers that drop their link per minute (0.1: a tenth of them"
              + " each minute); each comes back 5 to 20 s later (default: ${DEFAULT-VALUE}).")
  double churn;

  @Option(
      names = "--liars",
      paramLabel = "F",
      defaultValue = "0",
      description =
          "The fraction of providers that lie: every answer of theirs is wrong (default: ${DEFAULT-VALUE}).")
  double liars;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "1",
      description =
          "Seed of the population (prices, slots, service times, regions, who lies), of the"
              + " calls and of the churn (default: ${DEFAULT-VALUE}). Timing still varies from run to run.")
  long seed;

  @Option(
      names = "--rate",
      paramLabel = "R",
      defaultValue = "20",
      description = "Calls per second over all consumers, open loop (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--trust",
      paramLabel = "LEVEL",
      defaultValue = "redundant",
      description =
          "Trust level the consumers deploy 'upper' with: redundant (a --sample of calls also runs"
              + " on a second provider; a mismatch is disputed on the ledger, a third run decides),"
              + " reexecute (the market's verifier re-runs a sample) or receipt (no checks: every lie"
              + " is missed) (default: ${DEFAULT-VALUE}).")
  String trust;

  @Option(
      names = "--sample",
      paramLabel = "FRACTION",
      defaultValue = "0.1",
      description =
          "The fraction of calls the broker checks under redundant or reexecute (default: ${DEFAULT-VALUE}).")
  double sample;

  @Option(
      names = "--heartbeat",
      paramLabel = "D",
      defaultValue = "4s",
      converter = Units.DurationConverter.class,
      description =
          "How often each provider reports its load on its link (default: ${DEFAULT-VALUE}; at most"
              + " 8s, as the broker stops placing on offers not heard from in 10 s).")
  Duration heartbeat;

  @Option(
      names = "--max-in-flight",
      paramLabel = "N",
      defaultValue = "2000",
      description =
          "Calls waiting at once beyond which the open loop skips a call and counts it as not sent"
              + " (default: ${DEFAULT-VALUE}).")
  int maxInFlight;

  @Option(
      names = "--max-price",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "The most each call may cost, on its ticket (default: 0, the function's, 1000000). The"
              + " broker weighs an offer's price against it, so a lower ceiling makes price count"
              + " in placement.")
  long maxPrice;

  @Option(
      names = "--colluding",
      description =
          "Liars collude: all give the same wrong answer, so two of them on one redundant check"
              + " agree (by default each lies its own way).")
  boolean colluding;

  @Option(
      names = "--placement-only",
      description =
          "Measure only the broker's placement (its offer book and matcher) with one live offer"
              + " per provider of the same population, no links, ledger or load: for 10k or 100k"
              + " providers, which a full simulation cannot reach on one machine.")
  boolean placementOnly;

  @Option(
      names = "--ranks",
      paramLabel = "N",
      defaultValue = "5000",
      description = "Placements timed with --placement-only (default: ${DEFAULT-VALUE}).")
  int ranks;

  @Option(names = "--json", description = "Print the report as JSON instead of a table.")
  boolean json;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Where the simulated market lives (made anew; must not exist or be empty). Default: a"
              + " temporary directory, deleted at the end.")
  Path data;

  @Option(names = "--verbose", description = "Keep the broker's and the links' own log lines.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    if (placementOnly) {
      if (ranks < 1) {
        throw new IllegalArgumentException("--ranks must be at least 1");
      }
      PlacementProbe.Figures figures = PlacementProbe.measure(providers, seed, ranks);
      if (json) {
        root.out.println(Json.write(figures));
      } else {
        root.out.printf(
            "placement only: %d live offers; book loaded in %.1f ms, every offer heard from in %.1f ms;"
                + " %d placements: p50 %.1f µs, p99 %.1f µs; %.1f%% first choice in the cheapest tenth%n",
            figures.offers(),
            figures.loadBookMs(),
            figures.heartbeatAllMs(),
            figures.ranks(),
            figures.rankP50Micros(),
            figures.rankP99Micros(),
            100 * figures.shareOnCheapestTenth());
      }
      return ExitCodes.OK;
    }
    SimOptions options =
        new SimOptions(
            providers,
            consumers,
            duration,
            churn,
            liars,
            seed,
            rate,
            trustLevel(),
            sample,
            heartbeat,
            maxInFlight,
            colluding,
            maxPrice);
    boolean temporary = data == null;
    Path dir = temporary ? Files.createTempDirectory("edgemarket-simulate-") : data;
    if (!temporary && Files.isDirectory(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException(
              "--data " + dir + " is not empty: a simulation makes its market anew");
        }
      }
    }
    try {
      SimReport report = new Simulation(options, root.err).run(dir, verbose);
      if (json) {
        root.out.println(Json.write(report));
      } else {
        ReportTable.print(report, root.out);
      }
      return report.settlement().conserved() && report.settlement().drained() ? ExitCodes.OK : 1;
    } finally {
      if (temporary) {
        deleteTree(dir);
      }
    }
  }

  private TrustLevel trustLevel() {
    try {
      return TrustLevel.valueOf(trust.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--trust is receipt, redundant or reexecute, not " + trust);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
