package io.edgemarket.cli;

import io.edgemarket.model.Grant;
import io.edgemarket.model.json.Json;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.RouteOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code edgemarket trigger cron create FUNCTION --schedule EXPR --max-calls N}. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Run FUNCTION on a schedule: the broker fires it with --input at each time the cron"
          + " expression names (UTC), paid from your escrow as your own invocations are, and the"
          + " ledger pays nothing beyond what you sign here: --max-calls runs (required: a"
          + " schedule does not run unbounded), --max-spend in all, --max-price-per-call each,"
          + " for --days days (grants:PublishGrant). It runs the version of FUNCTION registered"
          + " now. A firing missed while the broker is down is skipped, not replayed.",
      "EXPR has 5 fields, 'minute hour day-of-month month day-of-week', or 6 with a leading"
          + " second; each field is *, n, a-b, */n, a-b/n or a/n, or a list of them joined by"
          + " commas (numbers only; day-of-week 0-7, 0 and 7 both Sunday). When both"
          + " day-of-month and day-of-week are restricted (neither starts with *), a day matches"
          + " either. Examples: '*/15 * * * *' every quarter hour; '0 30 9 * * 1-5' 09:30:00 on"
          + " weekdays; '*/10 * * * * *' every ten seconds.",
      "Prints the grant id and the next three firings. 'trigger list' shows its calls so far and"
          + " next firing; 'trigger revoke GRANT_ID' ends it at once. Exit code 2 when the ledger"
          + " refuses (e.g. NOT_FOUND: no such function)."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class TriggerCronCreateCommand extends ClientCommand {
  @ParentCommand TriggerCronCommand parent;
  @Mixin CommonOptions common;

  @Parameters(
      paramLabel = "FUNCTION",
      description = "One of your functions' names, or a full function id (owner/name).")
  String function;

  @Option(
      names = "--schedule",
      required = true,
      paramLabel = "EXPR",
      description = "The cron expression, quoted: 5 fields, or 6 with a leading second (UTC).")
  String schedule;

  @Option(
      names = "--input",
      paramLabel = "TEXT",
      description =
          "Exactly TEXT (UTF-8) is each run's input (default: empty). It is signed into the grant"
              + " and readable by whoever may read it (you, the broker, auditors): no secrets."
              + " At most about 360 bytes.")
  String input;

  @Option(
      names = "--max-calls",
      required = true,
      paramLabel = "N",
      description = "At most N runs are paid; the schedule stops after them.")
  long maxCalls;

  @Mixin GrantLimitOptions limits;

  @Option(
      names = "--json",
      description =
          "Print only a JSON object: grantId, schedule, next (the next three firings, ISO-8601"
              + " UTC), functionId, functionDigest, maxCalls, maxSpend, maxPricePerCall,"
              + " notBefore, notAfter (epoch ms).")
  boolean json;

  @Override
  EdgeMarketCli root() {
    return parent.parent.root;
  }

  @Override
  CommonOptions common() {
    return common;
  }

  @Override
  int run() throws Exception {
    Grant grant;
    try (EdgeMarket client = connect(Duration.ofSeconds(30))) {
      RouteOptions options = limits.with(maxCalls);
      byte[] bytes = input == null ? null : input.getBytes(StandardCharsets.UTF_8);
      grant = client.createSchedule(function, schedule, bytes, options);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    List<Instant> next = TriggerJson.nextFirings(grant, System.currentTimeMillis(), 3);
    if (json) {
      out().println(Json.write(TriggerJson.scheduled(grant, next)));
      return ExitCodes.OK;
    }
    out().println("grant       " + grant.grantId());
    out().println("schedule    " + TriggerJson.schedule(grant) + " (UTC)");
    TriggerJson.termLines(grant).forEach(out()::println);
    for (Instant at : next) {
      out().println("next        " + at);
    }
    return ExitCodes.OK;
  }
}
