package io.edgemarket.cli;

import io.edgemarket.cli.market.ClientLedger;
import io.edgemarket.cli.market.FabricNetwork;
import io.edgemarket.cli.market.LedgerKind;
import io.edgemarket.cli.market.MarketDir;
import io.edgemarket.model.CertificateRotation;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Certificates;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Transactions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code edgemarket identity rotate}: a new key and certificate for an identity whose key is lost
 * to an expiry or feared stolen. The new certificate submits participants:RotateCertificate with
 * the old key's signature over it, so the account, its balance and its role carry over, and from
 * then on only the new key acts for it.
 */
@Command(
    name = "rotate",
    mixinStandardHelpOptions = true,
    description = {
      "Replace an identity's key and certificate, keeping its account: a new key is made here, the",
      "market's CA (this directory's own, or on Fabric that organisation's) certifies it, and the",
      "ledger accepts it because the old key signs the change. The old identity is kept as",
      "DIR/identities/NAME.rotated-<time>/. Settle what the old key signed first: unsettled",
      "receipts signed with it are refused afterwards."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class IdentityRotateCommand extends ClientCommand {
  @ParentCommand IdentityCommand parent;
  @Mixin ContributorOptions options;

  @Option(
      names = "--as",
      paramLabel = "NAME",
      defaultValue = "consumer",
      description = "The identity to rotate: DIR/identities/NAME (default: ${DEFAULT-VALUE}).")
  String as = "consumer";

  @Override
  EdgeMarketCli root() {
    return parent.root;
  }

  @Override
  CommonOptions common() {
    return options.common(as);
  }

  @Override
  int run() throws IOException {
    MarketDir dir = market();
    Identity old = identity(as);
    CertificateAuthority ca = authorityFor(dir, old);
    Identity renewed = ca.enroll(Certificates.commonName(old.certificate()), old.role());
    CertificateRotation rotation = CertificateRotation.sign(old, renewed.certificatePem());
    LedgerGateway ledger = fabricLedgerOrNull(renewed);
    try (LedgerGateway gateway =
        ledger != null ? ledger : ClientLedger.relay(dir, common().broker(), renewed)) {
      gateway.submit(Transactions.ROTATE_CERTIFICATE, Json.write(rotation));
    } catch (LedgerException e) {
      throw new CliException(
          ExitCodes.FAILED, "the ledger refused the rotation of " + old.id() + ": " + e, e);
    }
    Path current = dir.identityDir(as);
    Path kept = current.resolveSibling(as + ".rotated-" + System.currentTimeMillis());
    Files.move(current, kept, StandardCopyOption.ATOMIC_MOVE);
    renewed.save(current);
    out().println("rotated " + old.id() + ": the old identity is kept in " + kept);
    return ExitCodes.OK;
  }

  private static CertificateAuthority authorityFor(MarketDir dir, Identity old) throws IOException {
    if (dir.ledgerKind() == LedgerKind.FABRIC) {
      return FabricNetwork.open().caFor(old.role());
    }
    if (!Files.isDirectory(dir.root().resolve("ca"))) {
      throw CliException.usage(
          dir.root()
              + " does not hold its market's CA: enroll a new identity with a token from the"
              + " market's admin ('identity enroll') and rotate from where the CA lives");
    }
    return dir.authority();
  }
}
