package io.edgemarket.cli;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Sampling;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.EdgeMarket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code edgemarket function deploy}: upload a Wasm module or a container image tar and register it
 * on the ledger.
 */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = {
      "Upload a function's code to the broker and register it on the ledger as one of your"
          + " functions. The code is either a WebAssembly module (--wasm, runtime wasm) or a"
          + " container image saved with 'docker save IMAGE -o FILE.tar' (--image, runtime oci);"
          + " exactly one of the two is required.",
      "Prints '<function id> <sha256 digest>' on one line on stdout; upload progress of large"
          + " images goes to stderr."
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

  @ArgGroup(exclusive = true, multiplicity = "1")
  Code code;

  /** The function's code: a module or an image, never both. */
  static final class Code {
    @Option(
        names = "--wasm",
        paramLabel = "FILE",
        description =
            "The code as a WASI command module (reads stdin, writes stdout), at most 16 MiB; runs"
                + " on providers offering runtime wasm.")
    Path wasm;

    @Option(
        names = "--image",
        paramLabel = "FILE.tar",
        description =
            "The code as a container image, the tar 'docker save' writes (it must hold"
                + " manifest.json), at most 512 MiB; its entrypoint reads stdin and writes stdout."
                + " Streamed, never read into memory; runs on providers offering runtime oci.")
    Path image;
  }

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
      names = "--max-fuel",
      paramLabel = "N",
      defaultValue = "1000000000",
      description =
          "Most fuel one invocation may burn: Wasm instructions, or a container's CPU"
              + " microseconds. A run that reaches it stops as a function error and is paid for"
              + " that fuel; the ledger pays no receipt claiming more. It bounds what a call can"
              + " cost on offers priced per fuel, so the broker holds only that much of your"
              + " escrow per call in flight, not all of --max-price (default: ${DEFAULT-VALUE}).")
  long maxFuel;

  @Option(
      names = "--trust",
      paramLabel = "LEVEL",
      defaultValue = "receipt",
      converter = TrustConverter.class,
      description =
          "How results are checked: receipt (provider-signed receipts, reputation on the"
              + " ledger), redundant (a --sample of invocations also runs on a second provider of"
              + " another owner, a third breaking ties; a mismatch opens a dispute that slashes the"
              + " wrong provider's stake; the consumer pays every run) or reexecute (Wasm only: a"
              + " --sample is re-executed by an independent verifier) (default: ${DEFAULT-VALUE}).")
  TrustLevel trust;

  @Option(
      names = "--sample",
      paramLabel = "FRACTION",
      defaultValue = "0.1",
      description =
          "Share of invocations that get the extra check of --trust redundant or reexecute, from 0"
              + " to 1 (1.0 checks every one), at most six decimals; chosen from each ticket's"
              + " signature, so nobody can predict or steer it (default: ${DEFAULT-VALUE}).")
  String sample;

  @Option(
      names = "--min-stake",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Run only on offers with at least N minor units of stake locked on the ledger, which a"
              + " proven wrong result forfeits (default: ${DEFAULT-VALUE}).")
  long minStake;

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
    if (trust == TrustLevel.REEXECUTE && code.image != null) {
      throw CliException.usage(
          "--trust reexecute needs deterministic code and containers are not: use --trust"
              + " redundant (or receipt) with --image");
    }
    if (minStake < 0) {
      throw CliException.usage("--min-stake must not be negative: " + minStake);
    }
    if (maxFuel <= 0) {
      throw CliException.usage("--max-fuel must be positive: " + maxFuel);
    }
    DeployOptions options;
    try {
      options =
          new DeployOptions(
              memory, timeout, trust, maxPrice, Sampling.ppmOf(sample), minStake, maxFuel);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(
          e.getMessage().startsWith("a sample") ? "--sample: " + e.getMessage() : e.getMessage());
    }
    FunctionSpec spec;
    long bytes;
    try (EdgeMarket client = connect(Duration.ofSeconds(60))) {
      if (code.image != null) {
        bytes = size(code.image, "--image");
        spec = client.deployImage(name, code.image, options, new UploadLines(err(), bytes));
      } else {
        byte[] module = read(code.wasm);
        bytes = module.length;
        spec = client.deploy(name, module, options);
      }
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    } catch (IOException e) {
      throw CliException.usage("cannot read --image " + code.image + ": " + e);
    }
    out().println(spec.functionId() + " " + spec.digest());
    err()
        .printf(
            "edgemarket: deployed %s (runtime %s, %d bytes; memory %d bytes, timeout %d ms, trust %s,"
                + " max price %d%s)%n",
            spec.functionId(),
            spec.runtime(),
            bytes,
            spec.memoryLimitBytes(),
            spec.timeoutMs(),
            trustText(spec),
            spec.maxPricePerInvocation(),
            spec.maxFuel() == null ? "" : ", max fuel " + spec.maxFuel());
    return ExitCodes.OK;
  }

  /** {@code receipt}, or e.g. {@code redundant (sample 0.1, min stake 100)}. */
  static String trustText(FunctionSpec spec) {
    String level = spec.trustLevel().name().toLowerCase(Locale.ROOT);
    if (spec.trustLevel() == TrustLevel.RECEIPT && spec.minStake() == 0) {
      return level;
    }
    String sampled =
        java.math.BigDecimal.valueOf(spec.samplePpm(), 6).stripTrailingZeros().toPlainString();
    return level
        + (spec.trustLevel() == TrustLevel.RECEIPT ? " (" : " (sample " + sampled + ", ")
        + "min stake "
        + spec.minStake()
        + ")";
  }

  private static byte[] read(Path wasm) {
    try {
      return Files.readAllBytes(wasm);
    } catch (IOException e) {
      throw CliException.usage("cannot read --wasm " + wasm + ": " + e);
    }
  }

  private static long size(Path file, String option) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw CliException.usage("cannot read " + option + " " + file + ": " + e);
    }
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
