package io.edgemarket.cli;

import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.Location;
import io.edgemarket.model.api.Placement;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.InvocationException;
import io.edgemarket.sdk.InvokeOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code edgemarket invoke}: runs a function and prints exactly its output bytes, so that it can
 * sit in a pipeline; everything else goes to stderr. The answer is verified by the SDK (receipt,
 * output digest, price) before a single byte is printed.
 */
@Command(
    name = "invoke",
    mixinStandardHelpOptions = true,
    description = {
      "Run a function once and print exactly its output bytes on stdout (no newline added).",
      "Input: --input TEXT (its UTF-8 bytes), --input-file FILE, or else stdin.",
      "Exit codes: 0 ok, 1 the function failed (function error, still paid for), 2 the"
          + " invocation failed or was refused (nothing charged), 3 bad usage."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class InvokeCommand extends ClientCommand {
  @ParentCommand EdgeMarketCli root;
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description = "The function: one of your own by name, or anyone's by id OWNER/NAME.")
  String name;

  @ArgGroup(exclusive = true)
  Input input;

  /** Where the input comes from; stdin when neither is given. */
  static final class Input {
    @Option(names = "--input", paramLabel = "TEXT", description = "Input: the UTF-8 bytes of TEXT.")
    String text;

    @Option(names = "--input-file", paramLabel = "FILE", description = "Input: the bytes of FILE.")
    Path file;
  }

  @Option(
      names = "--json",
      description =
          "Print only a JSON object on stdout: output (UTF-8 text), outputBase64, status,"
              + " invocationId, receiptId, cost, provider, error, and verification (level,"
              + " providers, outcome: not-sampled, agreed, disputed or provider-slashed) when the"
              + " broker reports how the result was checked.")
  boolean json;

  @Option(
      names = "--logs",
      description =
          "Also print the function's logs (what it wrote to stderr, at most 64 KiB) on stderr"
              + " after the output; with --json, as the field logs. The broker gives them only to"
              + " the function's owner.")
  boolean logs;

  @Option(
      names = "--async",
      description =
          "Submit without holding the connection while the function runs, then poll for the"
              + " result (for long-running functions).")
  boolean async;

  @Option(
      names = "--max-price",
      paramLabel = "N",
      description = "Most this invocation may cost, in minor units (default: the function's own).")
  Long maxPrice;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = Units.DurationConverter.class,
      description =
          "How long to keep trying while the broker is unreachable or restarting, e.g. 5s, 2m"
              + " (default: ${DEFAULT-VALUE}); a synchronous call also waits for the function's"
              + " own timeout.")
  Duration timeout;

  @Option(
      names = "--id",
      paramLabel = "ID",
      description =
          "The invocation's id (default: a fresh random one): the same command repeated with the"
              + " same ID and input prints the first result and charges nothing again; another"
              + " input under a used ID is refused (DUPLICATE). Ids are the ledger's receipt keys:"
              + " use fresh ones.")
  String invocationId;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description =
          "Prefer providers whose offer is in REGION (as they declare it with 'provider start"
              + " --region'); others serve only when none there can.")
  String region;

  @Option(
      names = "--only-on",
      paramLabel = "PROVIDER",
      split = ",",
      description =
          "Run only on these providers (participant ids, e.g. p1@EdgeMarketMSP; comma-separated"
              + " or repeated).")
  List<String> onlyOn;

  @Option(
      names = "--avoid",
      paramLabel = "PROVIDER",
      split = ",",
      description = "Never run on these providers (participant ids; comma-separated or repeated).")
  List<String> avoid;

  @Option(
      names = "--near",
      paramLabel = "LAT,LON",
      description =
          "Where you are, in decimal degrees (e.g. 48.8566,2.3522): providers nearer to it (as"
              + " they declare with 'provider start --location') rank ahead at equal terms.")
  String near;

  @Option(
      names = "--prefer-energy",
      paramLabel = "SOURCE",
      description =
          "Prefer providers that declare this energy source ('provider start --energy'):"
              + " renewable or grid; others serve only when none of them can.")
  String preferEnergy;

  @Option(
      names = "--hedge-after",
      paramLabel = "MS",
      description =
          "For a latency-critical call: when the first provider has not answered after MS"
              + " milliseconds (1-60000, below the function's timeout), also send the call to the"
              + " next provider and take whichever answers first. You pay once, the winner's"
              + " receipt; the other provider is told to stop and is not paid.")
  Long hedgeAfter;

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
    if (maxPrice != null && maxPrice < 1) {
      throw new ParameterException(spec.commandLine(), "--max-price must be at least 1");
    }
    if (timeout.isNegative() || timeout.toMillis() < 1) {
      throw new ParameterException(spec.commandLine(), "--timeout must be positive");
    }
    byte[] bytes = readInput();
    String id = invocationId == null ? UUID.randomUUID().toString() : invocationId;
    InvokeOptions options;
    try {
      options = InvokeOptions.defaults().withInvocationId(id).withLogs(logs);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--id: " + e.getMessage());
    }
    options = maxPrice == null ? options : options.withMaxPrice(maxPrice);
    if (region != null
        || onlyOn != null
        || avoid != null
        || near != null
        || preferEnergy != null
        || hedgeAfter != null) {
      try {
        Location at = near == null ? null : Location.parse(near);
        options =
            options.withPlacement(
                new Placement(region, onlyOn, avoid, at, preferEnergy, hedgeAfter));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(
            spec.commandLine(),
            e.getMessage().replace("placement.hedgeAfterMillis", "--hedge-after"));
      }
    }
    InvocationResult result;
    try (EdgeMarket client = connect(timeout)) {
      result = async ? invokeAsync(client, bytes, options) : client.invoke(name, bytes, options);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    } catch (InvocationException e) {
      if (json) {
        out().println(InvocationJson.failure(id, describe(e)));
      }
      err().println("edgemarket: " + describe(e));
      return ExitCodes.FAILED;
    }
    if (json) {
      out().println(InvocationJson.of(result, logs));
    } else {
      out().write(result.output() == null ? new byte[0] : result.output());
    }
    out().flush();
    if (logs && !json) {
      printLogs(result);
    }
    if (result.status() == InvocationResult.Status.FUNCTION_ERROR) {
      err()
          .printf(
              "edgemarket: function error in %s: %s (invocation %s, cost %d)%n",
              name, result.error(), result.invocationId(), result.cost());
      return ExitCodes.FUNCTION_ERROR;
    }
    err()
        .printf(
            "edgemarket: invocation %s ok on %s, cost %d%n",
            result.invocationId(), result.providerId(), result.cost());
    return ExitCodes.OK;
  }

  /** The logs as they were written, framed so that they read apart from our own lines. */
  private void printLogs(InvocationResult result) {
    if (result.logs() == null) {
      err().println("edgemarket: no logs (the function wrote nothing to stderr, or is not yours)");
      return;
    }
    err().println("edgemarket: logs of invocation " + result.invocationId() + ":");
    err().print(result.logs());
    if (!result.logs().endsWith("\n")) {
      err().println();
    }
    err().println("edgemarket: end of logs");
  }

  private InvocationResult invokeAsync(EdgeMarket client, byte[] bytes, InvokeOptions options)
      throws InvocationException {
    err().println("edgemarket: submitted invocation " + options.invocationId() + ", waiting...");
    try {
      return client.invokeAsync(name, bytes, options).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof InvocationException cause) {
        throw cause;
      }
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private byte[] readInput() {
    try {
      if (input != null && input.text != null) {
        return input.text.getBytes(StandardCharsets.UTF_8);
      }
      if (input != null && input.file != null) {
        return Files.readAllBytes(input.file);
      }
      return root.in.readAllBytes();
    } catch (IOException e) {
      throw CliException.usage("cannot read the input: " + e);
    }
  }
}
