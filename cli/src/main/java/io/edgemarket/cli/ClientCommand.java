package io.edgemarket.cli;

import io.edgemarket.cli.market.ClientLedger;
import io.edgemarket.cli.market.LedgerKind;
import io.edgemarket.cli.market.MarketDir;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.http.RemoteLedgerGateway;
import io.edgemarket.model.http.Tls;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.EdgeMarketException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What the client commands share: finding the data directory and identity, connecting to the
 * broker, and turning failures into one clear line on stderr and the documented exit code. A
 * failure the user can act on never shows a stack trace.
 */
abstract class ClientCommand implements Callable<Integer> {
  /** The top command, holding the standard streams. */
  abstract EdgeMarketCli root();

  abstract CommonOptions common();

  /** The command's work; returns the exit code. */
  abstract int run() throws Exception;

  @Override
  public final Integer call() throws Exception {
    try {
      return run();
    } catch (CliException e) {
      err().println("edgemarket: " + e.getMessage());
      return e.exitCode();
    } catch (EdgeMarketException e) {
      err().println("edgemarket: " + describe(e));
      return ExitCodes.FAILED;
    }
  }

  /** One line for a remote failure; an unreachable broker is named with what to do about it. */
  String describe(EdgeMarketException e) {
    if (e.isUnreachable()) {
      return "cannot reach the broker at "
          + common().broker()
          + " ("
          + e.getMessage()
          + "). Is the market running? Start it with ./edgemarket up, or pass --broker URL.";
    }
    if (EdgeMarketException.BROKER_UNTRUSTED.equals(e.code())) {
      return e.getMessage()
          + " [BROKER_UNTRUSTED]; this client trusts only the market CA in "
          + market().caCertificateFile();
    }
    return e.getMessage()
        + " ["
        + e.code()
        + (e.httpStatus() > 0 ? ", HTTP " + e.httpStatus() : "")
        + "]";
  }

  PrintStream out() {
    return root().out;
  }

  PrintStream err() {
    return root().err;
  }

  MarketDir market() {
    return new MarketDir(common().dataDir());
  }

  /** The identity DIR/identities/NAME; missing means the market was never set up here. */
  Identity identity(String name) {
    try {
      return market().identity(name);
    } catch (IOException | IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  /** The market CA from DIR/ca-cert.pem, or null when the directory has none. */
  X509Certificate trustRootOrNull() {
    MarketDir dir = market();
    if (!Files.exists(dir.caCertificateFile())) {
      return null;
    }
    try {
      return dir.trustRoot();
    } catch (IOException | IllegalArgumentException e) {
      throw CliException.usage("cannot read " + dir.caCertificateFile() + ": " + e.getMessage());
    }
  }

  /**
   * Every CA of the market in DIR (ca-cert.pem, or one per organisation on Fabric), or null when
   * the directory has none.
   */
  TrustRoots trustRootsOrNull() {
    MarketDir dir = market();
    if (!Files.exists(dir.caCertificateFile()) && !Files.isDirectory(dir.root().resolve("trust"))) {
      return null;
    }
    try {
      return dir.trustRoots();
    } catch (IOException | IllegalArgumentException e) {
      throw CliException.usage("cannot read the CA certificates in " + dir.root() + ": " + e);
    }
  }

  /**
   * The CA certificates an {@code https} broker must be certified by (DIR/ca-cert.pem, or each
   * organisation's on Fabric); none for plain http. An https broker with nothing in DIR to check it
   * against is a usage error: the client would otherwise have to take the broker on trust.
   */
  List<X509Certificate> tlsTrust() {
    if (!Tls.isHttps(common().broker())) {
      return List.of();
    }
    List<X509Certificate> roots;
    try {
      roots = market().tlsTrust();
    } catch (IOException | IllegalArgumentException e) {
      throw CliException.usage("cannot read the CA certificates in " + market().root() + ": " + e);
    }
    if (roots.isEmpty()) {
      throw CliException.usage(
          "no "
              + market().caCertificateFile()
              + " to verify the broker at "
              + common().broker()
              + " against: enroll first (identity enroll --ca-cert FILE), or pass the --data DIR"
              + " of the market");
    }
    return roots;
  }

  /**
   * The ledger connection for {@code participant}: null on the embedded ledger (the client uses the
   * broker's relay), the organisation's peer on Fabric.
   */
  LedgerGateway fabricLedgerOrNull(Identity participant) {
    try {
      return market().ledgerKind() == LedgerKind.FABRIC
          ? ClientLedger.open(market(), common().broker(), participant)
          : null;
    } catch (IOException | IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  /**
   * A ledger connection as {@code participant}, whatever its role: the broker's relay on the
   * embedded ledger, the organisation's peer on Fabric. The caller closes it.
   */
  LedgerGateway ledgerAs(Identity participant) {
    LedgerGateway fabric = fabricLedgerOrNull(participant);
    if (fabric != null) {
      return fabric;
    }
    return new RemoteLedgerGateway(
        common().broker(), participant, Tls.httpClient(tlsTrust()).build());
  }

  /** A client as the {@code --as} identity, verifying provider signatures when the CA is known. */
  EdgeMarket connect(Duration timeout) {
    return connect(timeout, identity(common().identityName()));
  }

  /** A client as {@code identity}. */
  EdgeMarket connect(Duration timeout, Identity identity) {
    try {
      EdgeMarket.Builder builder =
          EdgeMarket.builder().broker(common().broker()).identity(identity).timeout(timeout);
      TrustRoots roots = trustRootsOrNull();
      if (roots != null) {
        builder.trustRoots(roots);
      }
      tlsTrust().forEach(builder::tlsTrust);
      LedgerGateway ledger = fabricLedgerOrNull(identity);
      if (ledger != null) {
        builder.ledger(ledger);
      }
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }
}
