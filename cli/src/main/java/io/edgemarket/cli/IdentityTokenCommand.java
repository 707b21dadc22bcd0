package io.edgemarket.cli;

import io.edgemarket.broker.enroll.EnrollmentMessages.IssuedToken;
import io.edgemarket.broker.enroll.EnrollmentMessages.TokenRequest;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code edgemarket identity token}: a one-time enrollment token, issued as the market's admin. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
      "Issue a one-time enrollment token for a new contributor, acting as the admin identity.",
      "Prints only the token on stdout. Hand it over privately: whoever holds it can enroll once,"
          + " until it expires."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class IdentityTokenCommand extends ClientCommand {
  /** A week: the broker refuses longer-lived tokens. */
  private static final Duration MAX_TTL = Duration.ofDays(7);

  @ParentCommand IdentityCommand parent;
  @Mixin ContributorOptions options;

  @Option(
      names = "--role",
      required = true,
      paramLabel = "ROLE",
      description = "Role of the identity the token enrolls: provider, consumer or auditor.")
  String role;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description =
          "Bind the token to this participant name (1-63 letters, digits, '.', '_', '-');"
              + " without it the contributor chooses.")
  String name;

  @Option(
      names = "--ttl",
      paramLabel = "DURATION",
      defaultValue = "1h",
      converter = Units.DurationConverter.class,
      description =
          "How long the token stays valid, e.g. 30m, 1h, 48h; at most 7 days"
              + " (default: ${DEFAULT-VALUE}).")
  Duration ttl;

  @Option(
      names = "--as",
      paramLabel = "NAME",
      defaultValue = "admin",
      description =
          "The admin identity to issue as: DIR/identities/NAME (default: ${DEFAULT-VALUE}).")
  String as = "admin";

  @Override
  EdgeMarketCli root() {
    return parent.root;
  }

  @Override
  CommonOptions common() {
    return options.common(as);
  }

  @Override
  int run() {
    String wanted = role.toLowerCase(Locale.ROOT);
    if (!wanted.matches("provider|consumer|auditor")) {
      throw CliException.usage("--role must be provider, consumer or auditor, not '" + role + "'");
    }
    if (ttl.isNegative() || ttl.toSeconds() < 1 || ttl.compareTo(MAX_TTL) > 0) {
      throw CliException.usage("--ttl must be between 1s and 7 days (168h)");
    }
    TokenTransport.requireTls(common().broker(), "issue");
    IssuedToken issued =
        BrokerCalls.post(
            common().broker(),
            "/api/v1/enrollment/tokens",
            new TokenRequest(wanted, name, ttl.toSeconds()),
            identity(common().identityName()),
            tlsTrust(),
            IssuedToken.class);
    out().println(issued.token());
    return ExitCodes.OK;
  }
}
