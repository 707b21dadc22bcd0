package io.edgemarket.cli;

import io.edgemarket.model.Grant;
import io.edgemarket.model.GrantTrigger;
import io.edgemarket.model.json.Json;
import io.edgemarket.sdk.EdgeMarket;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code edgemarket trigger chain create FUNCTION --after UPSTREAM --when CONDITION}. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Run FUNCTION after UPSTREAM: each run of UPSTREAM that is yours (your own invocations,"
          + " and runs your other triggers fire) and ends OK, with an output meeting --when,"
          + " runs FUNCTION with that output as its input, on the broker, after UPSTREAM's caller"
          + " has its answer. Another consumer's runs of UPSTREAM never fire it. Each step has its"
          + " own ticket and receipt, paid from your escrow within what you sign here: --max-calls"
          + " runs (required), --max-spend in all, --max-price-per-call each, for --days days"
          + " (grants:PublishGrant). It runs the version of FUNCTION registered now.",
      "CONDITION is one of: always (the default); nonEmpty (the output is not empty);"
          + " contains:TEXT (the output holds TEXT, UTF-8); json:POINTER=VALUE (the output is JSON"
          + " and the value at the JSON pointer equals the JSON VALUE, e.g. json:/anomaly=true or"
          + " json:/level=\"high\"; numbers compare by value). The ledger never sees outputs:"
          + " the broker checks the condition.",
      "Chains are at most 8 steps deep: a step that would be the 9th after a direct invocation"
          + " is not fired, so a loop (A after B, B after A) stops. The same run of UPSTREAM fires"
          + " FUNCTION at most once.",
      "Prints the grant id, upstream and condition. 'trigger list' shows its calls so far;"
          + " 'trigger revoke GRANT_ID' ends it at once. Exit code 2 when the ledger refuses"
          + " (e.g. NOT_FOUND: no such function)."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class TriggerChainCreateCommand extends ClientCommand {
  @ParentCommand TriggerChainCommand parent;
  @Mixin CommonOptions common;

  @Parameters(
      paramLabel = "FUNCTION",
      description = "The step: one of your functions' names, or a full function id (owner/name).")
  String function;

  @Option(
      names = "--after",
      required = true,
      paramLabel = "UPSTREAM",
      description = "The function whose runs fire the step: a name of yours, or owner/name.")
  String upstream;

  @Option(
      names = "--when",
      paramLabel = "CONDITION",
      defaultValue = "always",
      description =
          "always, nonEmpty, contains:TEXT or json:POINTER=VALUE (default: ${DEFAULT-VALUE}).")
  String condition;

  @Option(
      names = "--max-calls",
      required = true,
      paramLabel = "N",
      description = "At most N steps are paid; then the chain stops.")
  long maxCalls;

  @Mixin GrantLimitOptions limits;

  @Option(
      names = "--json",
      description =
          "Print only a JSON object: grantId, upstream, condition, functionId, functionDigest,"
              + " maxCalls, maxSpend, maxPricePerCall, notBefore, notAfter (epoch ms).")
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
      grant = client.createChain(function, upstream, condition, limits.with(maxCalls));
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    if (json) {
      out().println(Json.write(TriggerJson.chained(grant)));
      return ExitCodes.OK;
    }
    GrantTrigger trigger = GrantTrigger.parse(grant.trigger());
    out().println("grant       " + grant.grantId());
    out().println("after       " + trigger.upstream());
    out().println("when        " + trigger.condition().text());
    TriggerJson.termLines(grant).forEach(out()::println);
    return ExitCodes.OK;
  }
}
