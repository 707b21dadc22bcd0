package io.edgemarket.cli;

import io.edgemarket.model.api.InvocationListing;
import io.edgemarket.model.api.InvocationSummary;
import io.edgemarket.model.json.Json;
import io.edgemarket.sdk.EdgeMarket;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code edgemarket invocations}: the caller's recent invocations, as the broker knows them. */
@Command(
    name = "invocations",
    mixinStandardHelpOptions = true,
    description = {
      "List your recent invocations as the broker knows them (an auditor identity sees everyone's),"
          + " newest first, at most 1000: invocation id, function, status, cost, settlement and"
          + " when the ticket was issued. The broker keeps the last 200,000 or so, and after a"
          + " restart those its records restore.",
      "The statuses are the broker's word; 'receipt verify ID' checks one against the ledger."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class InvocationsCommand extends ClientCommand {
  static final String ROW = "%-36s %-40s %-14s %8s %-10s %s%n";

  @ParentCommand EdgeMarketCli root;
  @Mixin CommonOptions common;

  @Option(
      names = "--function",
      paramLabel = "NAME",
      description =
          "Only this function's: one of your functions' names, or a full id (owner/name).")
  String function;

  @Option(
      names = "--since",
      paramLabel = "T",
      description =
          "Only invocations whose ticket was issued at or after T: a time (2025-01-31T12:00:00Z),"
              + " epoch milliseconds, or how long ago (30m, 2h).")
  String since;

  @Option(
      names = "--json",
      description =
          "Print only the broker's JSON on stdout: {\"invocations\": [{invocationId, consumerId,"
              + " functionId, issuedAt, status, cost, providerId, settlement, batchId}],"
              + " \"truncated\": true when more than 1000 matched}.")
  boolean json;

  @Override
  EdgeMarketCli root() {
    return root;
  }

  @Override
  CommonOptions common() {
    return common;
  }

  @Override
  int run() throws Exception {
    Instant from = since == null ? null : instant(since, Instant.now());
    InvocationListing listing;
    try (EdgeMarket client = connect(Duration.ofSeconds(30))) {
      listing = client.invocations(function, from);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    if (json) {
      out().println(Json.write(listing));
      return ExitCodes.OK;
    }
    out().printf(ROW, "INVOCATION", "FUNCTION", "STATUS", "COST", "SETTLEMENT", "ISSUED");
    for (InvocationSummary s : listing.invocations()) {
      out()
          .printf(
              ROW,
              s.invocationId(),
              s.functionId() == null ? "-" : s.functionId(),
              s.status(),
              s.cost(),
              s.settlement() == null ? "-" : s.settlement(),
              s.issuedAt() == 0 ? "-" : Instant.ofEpochMilli(s.issuedAt()));
    }
    if (listing.truncated()) {
      err()
          .println(
              "edgemarket: more invocations matched than the "
                  + InvocationListing.MAX
                  + " listed; narrow them with --since or --function");
    }
    return ExitCodes.OK;
  }

  /** An ISO-8601 instant, epoch milliseconds, or a duration before {@code now}. */
  static Instant instant(String text, Instant now) {
    String trimmed = text.trim();
    if (trimmed.matches("\\d{1,15}")) {
      return Instant.ofEpochMilli(Long.parseLong(trimmed));
    }
    try {
      return Instant.parse(trimmed);
    } catch (DateTimeParseException notAnInstant) {
      try {
        return now.minus(Units.parseDuration(trimmed));
      } catch (IllegalArgumentException e) {
        throw CliException.usage(
            "--since '"
                + text
                + "' is neither a time (2025-01-31T12:00:00Z), epoch milliseconds nor a duration"
                + " ago (30m, 2h)");
      }
    }
  }
}
