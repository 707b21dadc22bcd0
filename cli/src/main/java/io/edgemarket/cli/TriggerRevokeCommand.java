package io.edgemarket.cli;

import io.edgemarket.model.ledger.Records.GrantStatus;
import io.edgemarket.sdk.EdgeMarket;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code edgemarket trigger revoke GRANT_ID}: end a grant at once. */
@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    description = {
      "Revoke one of your grants (grants:RevokeGrant): its route answers 410 GRANT_REVOKED as soon"
          + " as the broker hears of the transaction, and the ledger pays nothing more under it,"
          + " not even runs already under way (their providers go unpaid; you are not charged).",
      "Prints '<grant id> revoked at <time>'. Exit code 2 when the ledger refuses: NOT_FOUND,"
          + " FORBIDDEN (not yours) or GRANT_REVOKED (already revoked)."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class TriggerRevokeCommand extends ClientCommand {
  @ParentCommand TriggerCommand parent;
  @Mixin CommonOptions common;

  @Parameters(paramLabel = "GRANT_ID", description = "The grant, as 'trigger list' shows it.")
  String grantId;

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
    GrantStatus revoked;
    try (EdgeMarket client = connect(Duration.ofSeconds(30))) {
      revoked = client.revokeGrant(grantId);
    }
    out()
        .println(
            revoked.grant().grantId() + " revoked at " + Instant.ofEpochMilli(revoked.revokedAt()));
    return ExitCodes.OK;
  }
}
