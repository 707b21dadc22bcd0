package io.edgemarket.cli;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.EdgeMarket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

/** {@code edgemarket function deploy}: upload a module and register it on the ledger. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = {
      "Upload a WebAssembly module to the broker and register it on the ledger as one of your"
          + " functions.",
      "Prints '<function id> <sha256 digest>' on one line on stdout."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class FunctionDeployCommand extends ClientCommand {
  @ParentCommand FunctionCommand parent;
  @Mixin CommonOptions common;

  @Option(
      names = "--name",
      required = true,
      paramLabel = "NAME",
      description = "Function name: 1-64 letters, digits, '.', '_' or '-'.")
  String name;

  @Option(
      names = "--wasm",
      required = true,
      paramLabel = "FILE",
      description =
          "The module: a WASI command module (reads stdin, writes stdout), at most 16 MiB.")
  Path wasm;

  @Option(
      names = "--memory",
      paramLabel = "SIZE",
      defaultValue = "64MiB",
      converter = Units.SizeConverter.class,
      description =
          "Memory limit per invocation, e.g. 64MiB or 512KiB (default: ${DEFAULT-VALUE}).")
  long memory;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = Units.DurationConverter.class,
      description = "Deadline per invocation, e.g. 10s, 500ms or 2m (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--max-price",
      paramLabel = "N",
      defaultValue = "1000000",
      description =
          "Most one invocation may cost, in minor units; invocations sign for this unless they"
              + " ask for less (default: ${DEFAULT-VALUE}).")
  long maxPrice;

  @Option(
      names = "--trust",
      paramLabel = "LEVEL",
      defaultValue = "receipt",
      converter = TrustConverter.class,
      description =
          "How results are checked: receipt (provider-signed receipts and reputation), redundant"
              + " (sampled redundant execution with a quorum) or reexecute (sampled re-execution"
              + " by an auditor) (default: ${DEFAULT-VALUE}).")
  TrustLevel trust;

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
    DeployOptions options;
    try {
      options = new DeployOptions(memory, timeout, trust, maxPrice);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    byte[] module;
    try {
      module = Files.readAllBytes(wasm);
    } catch (IOException e) {
      throw CliException.usage("cannot read --wasm " + wasm + ": " + e);
    }
    FunctionSpec spec;
    try (EdgeMarket client = connect(Duration.ofSeconds(60))) {
      spec = client.deploy(name, module, options);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    out().println(spec.functionId() + " " + spec.digest());
    err()
        .printf(
            "edgemarket: deployed %s (%d bytes; memory %d bytes, timeout %d ms, trust %s, max price"
                + " %d)%n",
            spec.functionId(),
            module.length,
            spec.memoryLimitBytes(),
            spec.timeoutMs(),
            spec.trustLevel().name().toLowerCase(Locale.ROOT),
            spec.maxPricePerInvocation());
    return ExitCodes.OK;
  }

  /** receipt, redundant or reexecute, in any case. */
  static final class TrustConverter implements ITypeConverter<TrustLevel> {
    @Override
    public TrustLevel convert(String value) {
      try {
        return TrustLevel.valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a trust level: use receipt, redundant or reexecute");
      }
    }
  }
}
