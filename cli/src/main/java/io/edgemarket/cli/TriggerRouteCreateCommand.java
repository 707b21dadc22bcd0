package io.edgemarket.cli;

import io.edgemarket.model.Grant;
import io.edgemarket.model.json.Json;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.RouteGrant;
import io.edgemarket.sdk.RouteOptions;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code edgemarket trigger route create FUNCTION --route NAME}: open an HTTP route. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Open an HTTP route to FUNCTION on the broker: anyone holding the route's key runs it with"
          + " 'POST <url>' and header 'X-Route-Key: <key>' (the body is the input, the answer the"
          + " output), with no market identity. You pay each run from your escrow, as for your"
          + " own invocations, and the ledger pays nothing beyond what you sign here:"
          + " --max-calls runs, --max-spend in all, --max-price-per-call each, for --days days"
          + " (grants:PublishGrant). The route runs the version of FUNCTION registered now.",
      "Prints the route's URL and its key. The key is shown only now: the ledger keeps only its"
          + " SHA-256, so keep it, or create another route. 'trigger revoke GRANT_ID' ends it at"
          + " once. Exit code 2 when the ledger refuses (e.g. NOT_FOUND: no such function)."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class TriggerRouteCreateCommand extends ClientCommand {
  @ParentCommand TriggerRouteCommand parent;
  @Mixin CommonOptions common;

  @Parameters(
      paramLabel = "FUNCTION",
      description = "One of your functions' names, or a full function id (owner/name).")
  String function;

  @Option(
      names = "--route",
      required = true,
      paramLabel = "NAME",
      description = "The route's name, in its URL /run/<you>/NAME: 1-64 of A-Z a-z 0-9 . _ -")
  String route;

  @Option(
      names = "--max-calls",
      paramLabel = "N",
      description = "At most N runs are paid (default: ${DEFAULT-VALUE}).")
  long maxCalls = RouteOptions.defaults().maxCalls();

  @Mixin GrantLimitOptions limits;

  @Option(
      names = "--json",
      description =
          "Print only a JSON object: grantId, url, key, functionId, functionDigest, maxCalls,"
              + " maxSpend, maxPricePerCall, notBefore, notAfter (epoch ms).")
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
    RouteGrant created;
    try (EdgeMarket client = connect(Duration.ofSeconds(30))) {
      RouteOptions options = limits.with(maxCalls);
      created = client.createRoute(function, route, options);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    Grant grant = created.grant();
    if (json) {
      out().println(Json.write(TriggerJson.created(created)));
      return ExitCodes.OK;
    }
    out().println("route       " + created.url());
    out().println("key         " + created.key());
    out().println("grant       " + grant.grantId());
    TriggerJson.termLines(grant).forEach(out()::println);
    err()
        .println(
            "edgemarket: the key is shown only now (the ledger keeps its SHA-256). Call it with: "
                + "curl -X POST -H 'X-Route-Key: <key>' --data-binary @input "
                + created.url());
    return ExitCodes.OK;
  }
}
