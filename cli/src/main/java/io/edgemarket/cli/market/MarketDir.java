package io.edgemarket.cli.market;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * The layout of a market's data directory. Everything a client needs is in {@code ca-cert.pem} and
 * {@code identities/<name>/}; the CA's key, the ledger and the broker's and agents' state stay
 * beside them and are used only by the process that runs the market.
 */
public final class MarketDir {
  public static final String MSP_ID = "EdgeMarketMSP";

  private final Path root;

  public MarketDir(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  public Path caCertificateFile() {
    return root.resolve("ca-cert.pem");
  }

  public Path identityDir(String name) {
    return root.resolve("identities").resolve(name);
  }

  public Path brokerData() {
    return root.resolve("broker");
  }

  public Path agentData(String name) {
    return root.resolve("agents").resolve(name);
  }

  /** The market CA, created on first use; its certificate is published as ca-cert.pem. */
  public CertificateAuthority authority() throws IOException {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(root.resolve("ca"), MSP_ID);
    if (!Files.exists(caCertificateFile())) {
      Files.writeString(caCertificateFile(), Pem.encode(ca.certificate()));
    }
    return ca;
  }

  public X509Certificate trustRoot() throws IOException {
    if (!Files.exists(caCertificateFile())) {
      throw new IOException(
          "no market in " + root + " (missing ca-cert.pem): run ./edgemarket up first");
    }
    return Pem.certificate(Files.readString(caCertificateFile()));
  }

  /** The named identity, enrolled with the CA and saved the first time it is asked for. */
  public Identity ensureIdentity(CertificateAuthority ca, String name, Role role)
      throws IOException {
    Path dir = identityDir(name);
    if (Files.exists(dir.resolve("cert.pem"))) {
      return Identity.load(dir);
    }
    Identity identity = ca.enroll(name, role);
    identity.save(dir);
    return identity;
  }

  public Identity identity(String name) throws IOException {
    Path dir = identityDir(name);
    if (!Files.exists(dir.resolve("cert.pem"))) {
      throw new IOException(
          "no identity '"
              + name
              + "' in "
              + root.resolve("identities")
              + ": run ./edgemarket up first (or pass --data DIR)");
    }
    return Identity.load(dir);
  }
}
