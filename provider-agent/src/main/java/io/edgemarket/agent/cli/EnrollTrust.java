package io.edgemarket.agent.cli;

import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.http.Tls;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What {@code enroll} may send its token to, as {@code ./edgemarket identity enroll} decides it:
 * never over plain http beyond loopback (whoever reads a token off the wire enrolls in your place),
 * and over https only to a broker certified by the market CA from the operator ({@code --ca-cert})
 * or the one already in DIR.
 */
final class EnrollTrust {
  private EnrollTrust() {}

  /** A usage error when {@code broker} is plain http to another machine. */
  static void requireTls(URI broker) {
    if (Tls.isHttps(broker) || Tls.isLoopback(broker.getHost())) {
      return;
    }
    throw AgentFailure.usage(
        "refusing to send an enrollment token over plain http to "
            + broker
            + ": anyone on the network path could read it and enroll in your place. Use the"
            + " broker's https:// URL (./edgemarket broker start serves HTTPS) and --ca-cert.");
  }

  /**
   * The CA certificates an https broker must be certified by: {@code caCert}, else DIR's; none for
   * plain http. A {@code caCert} other than the CA already in DIR means another market, refused
   * before the token is spent.
   */
  static List<X509Certificate> roots(URI broker, Path caCert, DataDir dir) throws IOException {
    Path stored = dir.caCertificateFile();
    X509Certificate given = caCert == null ? null : read(caCert, "--ca-cert " + caCert);
    if (given != null && Files.exists(stored) && !read(stored, stored.toString()).equals(given)) {
      throw AgentFailure.usage(
          stored
              + " is another market's CA certificate than --ca-cert; use a separate --data"
              + " directory per market");
    }
    if (!Tls.isHttps(broker)) {
      return List.of();
    }
    if (given != null) {
      return List.of(given);
    }
    if (!Files.exists(stored)) {
      throw AgentFailure.usage(
          "no --ca-cert and no "
              + stored
              + " to verify the broker at "
              + broker
              + " against: pass --ca-cert FILE, the market CA certificate from the operator");
    }
    return List.of(read(stored, stored.toString()));
  }

  private static X509Certificate read(Path file, String what) {
    try {
      return Pem.certificate(Files.readString(file));
    } catch (IOException | IllegalArgumentException e) {
      throw AgentFailure.usage("cannot read " + what + ": " + e.getMessage());
    }
  }
}
