package io.edgemarket.cli;

import io.edgemarket.broker.enroll.EnrollmentMessages.EnrollRequest;
import io.edgemarket.broker.enroll.EnrollmentMessages.Enrollment;
import io.edgemarket.cli.market.MarketDir;
import io.edgemarket.model.crypto.Certificates;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.Pem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code edgemarket identity enroll}: a key made here, a certificate from the market's CA. */
@Command(
    name = "enroll",
    mixinStandardHelpOptions = true,
    description = {
      "Enroll with a market using a one-time token from its admin. A P-256 key pair is made on"
          + " this machine; only the public key is sent, and the broker answers with a certificate"
          + " from the market CA.",
      "Writes DIR/ca-cert.pem and DIR/identities/NAME/ (cert.pem, key.pem readable only by you,"
          + " msp-id); never overwrites an existing identity. Prints the new participant id."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class IdentityEnrollCommand extends ClientCommand {
  @ParentCommand IdentityCommand parent;
  @Mixin ContributorOptions options;

  @Option(
      names = "--token",
      required = true,
      paramLabel = "TOKEN",
      description =
          "The one-time token from 'identity token'; '-' reads it from stdin (keeps it out of"
              + " shell history).")
  String token;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description =
          "Participant name (the certificate's CN and the directory under DIR/identities);"
              + " default: the name the token was issued for, else its role (e.g. provider).")
  String name;

  @Option(
      names = "--ca-cert",
      paramLabel = "FILE",
      description =
          "The market CA certificate, from the market's operator, to verify an https:// broker"
              + " against before the token is sent; needed when DIR/ca-cert.pem does not exist"
              + " yet, and must be the same certificate when it does.")
  Path caCertificate;

  @Override
  EdgeMarketCli root() {
    return parent.root;
  }

  @Override
  CommonOptions common() {
    return options.common(name == null ? "provider" : name);
  }

  @Override
  int run() throws IOException {
    MarketDir dir = market();
    if (name != null) {
      common().identityName(); // the same name rule as --as, checked before the token is spent
      refuseExisting(dir, name);
    }
    TokenTransport.requireTls(common().broker(), "send");
    List<X509Certificate> trust = brokerTrust(dir);
    String secret = token.equals("-") ? readToken() : token.strip();
    KeyPair pair = Crypto.newKeyPair();
    Enrollment enrollment =
        BrokerCalls.post(
            common().broker(),
            "/api/v1/enroll",
            new EnrollRequest(secret, name, Pem.encode(pair.getPublic())),
            null,
            trust,
            Enrollment.class);
    var certificate = Pem.certificate(enrollment.certificatePem());
    Identity identity = new Identity(enrollment.mspId(), certificate, pair.getPrivate());
    String saveAs = Certificates.commonName(certificate);
    // Without --name the name is known only now; the key must not be lost, so a clash saves aside.
    Path target = dir.identityDir(saveAs);
    for (int n = 2; Files.exists(target); n++) {
      target = dir.identityDir(saveAs + "-" + n);
    }
    identity.save(target);
    writeCaCertificate(dir, enrollment.caCertificatePem());
    out().println(identity.id());
    err()
        .println(
            "edgemarket: enrolled "
                + identity.id()
                + " as "
                + identity.role().attributeValue()
                + " in "
                + target
                + (target.getFileName().toString().equals(saveAs)
                    ? ""
                    : " ("
                        + dir.identityDir(saveAs)
                        + " already existed; use --as "
                        + target.getFileName()
                        + ")"));
    return ExitCodes.OK;
  }

  /**
   * What an https broker must be certified by: --ca-cert, else DIR's market CA. A --ca-cert other
   * than the CA already in DIR means another market, and is refused before the token is spent.
   */
  private List<X509Certificate> brokerTrust(MarketDir dir) throws IOException {
    if (caCertificate == null) {
      return tlsTrust();
    }
    X509Certificate given;
    try {
      given = Pem.certificate(Files.readString(caCertificate));
    } catch (IOException | IllegalArgumentException e) {
      throw CliException.usage("cannot read --ca-cert " + caCertificate + ": " + e.getMessage());
    }
    if (Files.exists(dir.caCertificateFile())
        && !Pem.certificate(Files.readString(dir.caCertificateFile())).equals(given)) {
      throw CliException.usage(
          dir.caCertificateFile()
              + " is another market's CA certificate than --ca-cert; use a separate --data"
              + " directory per market");
    }
    return List.of(given);
  }

  private static void refuseExisting(MarketDir dir, String name) {
    if (Files.exists(dir.identityDir(name))) {
      throw CliException.usage(
          "identity '"
              + name
              + "' already exists in "
              + dir.identityDir(name)
              + "; not overwriting");
    }
  }

  /** The CA certificate is the market's trust root: a different one means a different market. */
  private static void writeCaCertificate(MarketDir dir, String pem) throws IOException {
    Path file = dir.caCertificateFile();
    if (!Files.exists(file)) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, pem);
    } else if (!Pem.certificate(Files.readString(file)).equals(Pem.certificate(pem))) {
      throw new CliException(
          ExitCodes.FAILED,
          file
              + " is another market's CA certificate; the identity was saved, but use a separate"
              + " --data directory per market");
    }
  }

  private String readToken() throws IOException {
    var reader = new BufferedReader(new InputStreamReader(root().in, StandardCharsets.UTF_8));
    String line = reader.readLine();
    if (line == null || line.isBlank()) {
      throw CliException.usage("--token - expects the token on stdin");
    }
    return line.strip();
  }
}
