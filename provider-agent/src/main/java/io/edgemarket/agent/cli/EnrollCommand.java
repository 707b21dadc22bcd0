package io.edgemarket.agent.cli;

import io.edgemarket.model.crypto.Certificates;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.http.Tls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code edgemarket-agent enroll}: {@code ./edgemarket identity enroll}, for a provider's box. */
@Command(
    name = "enroll",
    mixinStandardHelpOptions = true,
    description = {
      "Enroll with a market using a one-time token from its operator. A P-256 key pair is made on"
          + " this machine; only the public key is sent, and the broker answers with a certificate"
          + " from the market CA.",
      "Writes DIR/ca-cert.pem and DIR/identities/NAME/ (cert.pem, key.pem readable only by you,"
          + " msp-id); never overwrites an existing identity. Prints the new participant id."
    },
    exitCodeOnInvalidInput = AgentFailure.USAGE,
    exitCodeOnExecutionException = AgentFailure.FAILED)
final class EnrollCommand implements Callable<Integer> {
  @ParentCommand AgentMain root;
  @Mixin MarketOptions market;
  @Mixin ConfigOption config;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "The one-time token from the market's operator (required; or $EDGEMARKET_TOKEN); '-'"
              + " reads it from stdin (keeps it out of shell history).")
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
  public Integer call() throws InterruptedException {
    return root.guarded(this::run);
  }

  private int run() throws IOException, InterruptedException {
    if (token == null || token.isBlank()) {
      throw AgentFailure.usage("--token is required (or set EDGEMARKET_TOKEN)");
    }
    DataDir dir = new DataDir(market.dataDir());
    if (name != null && Files.exists(dir.identityDir(name))) {
      throw AgentFailure.usage(
          "identity '"
              + name
              + "' already exists in "
              + dir.identityDir(name)
              + "; not overwriting");
    }
    EnrollTrust.requireTls(market.broker());
    List<X509Certificate> trust = EnrollTrust.roots(market.broker(), caCertificate, dir);
    String secret = token.equals("-") ? readToken() : token.strip();
    EnrollClient.Enrolled enrolled;
    try {
      HttpClient http = Tls.httpClient(trust).connectTimeout(Duration.ofSeconds(10)).build();
      enrolled = new EnrollClient(http).enroll(market.broker(), secret, name);
    } catch (EnrollClient.Refused e) {
      throw AgentFailure.failed(e.getMessage(), e);
    } catch (IOException e) {
      Optional<String> untrusted = Tls.permanentFailure(e);
      if (untrusted.isPresent()) {
        throw AgentFailure.failed(
            "refusing the broker at "
                + market.broker()
                + ": "
                + untrusted.get()
                + " ["
                + Tls.UNTRUSTED
                + "]; the token was not sent",
            e);
      }
      throw AgentFailure.failed(
          "cannot reach the broker at " + market.broker() + " (" + e + "). Is --broker right?", e);
    }
    Identity identity = enrolled.identity();
    String saveAs = Certificates.commonName(identity.certificate());
    // Without --name the name is known only now; the key must not be lost, so a clash saves aside.
    Path target = dir.identityDir(saveAs);
    for (int n = 2; Files.exists(target); n++) {
      target = dir.identityDir(saveAs + "-" + n);
    }
    identity.save(target);
    writeCaCertificate(dir, enrolled.caCertificatePem());
    root.out.println(identity.id());
    root.err.println(
        "edgemarket-agent: enrolled "
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
    return 0;
  }

  /** The CA certificate is the market's trust root: a different one means a different market. */
  private static void writeCaCertificate(DataDir dir, String pem) throws IOException {
    Path file = dir.caCertificateFile();
    if (!Files.exists(file)) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, pem);
    } else if (!Pem.certificate(Files.readString(file)).equals(Pem.certificate(pem))) {
      throw AgentFailure.failed(
          file
              + " is another market's CA certificate; the identity was saved, but use a separate"
              + " --data directory per market",
          null);
    }
  }

  private String readToken() throws IOException {
    var reader = new BufferedReader(new InputStreamReader(root.in, StandardCharsets.UTF_8));
    String line = reader.readLine();
    if (line == null || line.isBlank()) {
      throw AgentFailure.usage("--token - expects the token on stdin");
    }
    return line.strip();
  }
}
