package io.edgemarket.cli;

import io.edgemarket.model.Grant;
import io.edgemarket.model.GrantTrigger;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Records.GrantStatus;
import io.edgemarket.sdk.EdgeMarket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code edgemarket trigger list}: the caller's grants, as the ledger holds them. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List the grants (triggers) of the --as identity as the ledger holds them: grant id, status"
          + " (live, revoked, expired, pending or exhausted), kind, calls paid of the most allowed,"
          + " spend paid of the most allowed, function, and the route's URL, the schedule with its next"
          + " firing (UTC), the MQTT broker's URL and topic, or a chain step's upstream function and"
          + " condition. Keys are never shown"
          + " (the ledger has only their hashes).",
      "One line per grant under a header, in grant id order."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class TriggerListCommand extends ClientCommand {
  static final String ROW = "%-30s %-9s %-6s %-13s %-21s %-32s %s%n";

  @ParentCommand TriggerCommand parent;
  @Mixin CommonOptions common;

  @Option(
      names = "--json",
      description =
          "Print only a JSON array, one object per grant: grantId, status, kind, url, functionId,"
              + " functionDigest, calls, maxCalls, spend, maxSpend, maxPricePerCall, notBefore,"
              + " notAfter, revokedAt (epoch ms, or null); a schedule also schedule and"
              + " nextFiring (ISO-8601 UTC, or null); an MQTT trigger also mqttUrl and topic; a"
              + " chain step also upstream and condition.")
  boolean json;

  @Override
  EdgeMarketCli root() {
    return parent.root;
  }

  @Override
  CommonOptions common() {
    return common;
  }

  @Override
  int run() throws Exception {
    List<GrantStatus> grants;
    try (EdgeMarket client = connect(Duration.ofSeconds(30))) {
      grants = client.grants();
    }
    long now = System.currentTimeMillis();
    if (json) {
      List<Map<String, Object>> all = new ArrayList<>();
      grants.forEach(g -> all.add(TriggerJson.listed(g, common.broker(), now)));
      out().println(Json.write(all));
      return ExitCodes.OK;
    }
    out().printf(ROW, "GRANT", "STATUS", "KIND", "CALLS", "SPEND", "FUNCTION", "URL");
    for (GrantStatus status : grants) {
      Grant grant = status.grant();
      String url = TriggerJson.url(grant, common.broker());
      out()
          .printf(
              ROW,
              grant.grantId(),
              TriggerJson.status(status, now),
              TriggerJson.kind(grant),
              status.calls() + "/" + grant.maxCalls(),
              status.spend() + "/" + grant.maxSpend(),
              grant.functionId(),
              url != null ? url : describe(status, now));
    }
    return ExitCodes.OK;
  }

  /**
   * A schedule as its expression and next firing; an MQTT trigger as its URL and topic; a chain
   * step as its upstream and condition; any other trigger as the ledger holds it.
   */
  private static String describe(GrantStatus status, long now) {
    GrantTrigger chain = TriggerJson.chain(status.grant());
    if (chain != null) {
      return "after " + chain.upstream() + " when " + chain.condition().text();
    }
    GrantTrigger mqtt = TriggerJson.mqtt(status.grant());
    if (mqtt != null) {
      return mqtt.mqttUrl() + " topic " + mqtt.topic();
    }
    String schedule = TriggerJson.schedule(status.grant());
    if (schedule == null) {
      return status.grant().trigger();
    }
    Instant next = TriggerJson.nextFiring(status, now);
    return schedule + " (next " + (next == null ? "none" : next.toString()) + ")";
  }
}
