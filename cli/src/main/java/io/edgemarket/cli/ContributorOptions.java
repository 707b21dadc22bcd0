package io.edgemarket.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --broker} and {@code --data} for the commands that set up a contributor (a new identity, a
 * provider on another host). They take no {@code --as} from here: each names the identity it acts
 * as in its own words and with its own default.
 */
final class ContributorOptions {
  @Option(
      names = "--broker",
      paramLabel = "URL",
      description = "Base URL of the market's broker (default: http://127.0.0.1:8080).")
  URI broker;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Data directory holding ca-cert.pem and identities/<name>/ (default: $"
              + CommonOptions.DATA_ENV
              + " if set, else ./"
              + CommonOptions.DEFAULT_DATA
              + ").")
  Path data;

  /** The shared options, acting as {@code identity}. */
  CommonOptions common(String identity) {
    CommonOptions common = new CommonOptions();
    common.broker = broker;
    common.data = data;
    common.as = identity;
    return common;
  }
}
