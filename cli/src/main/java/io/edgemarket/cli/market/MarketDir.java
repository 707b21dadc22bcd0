package io.edgemarket.cli.market;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Certificates;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.crypto.TrustRoots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The layout of a market's data directory. Everything a client needs is in {@code ca-cert.pem} and
 * {@code identities/<name>/}; the CA's key, the ledger and the broker's and agents' state stay
 * beside them and are used only by the process that runs the market.
 */
public final class MarketDir {
  public static final String MSP_ID = "EdgeMarketMSP";
  private static final String LEDGER_FILE = "ledger";
  private static final String TRUST_DIR = "trust";
  private static final String TAG_FILE = "market-tag";

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

  /**
   * The named identity, enrolled with the CA and saved the first time it is asked for, and again
   * when the saved one is no longer the CA's (a Fabric network made anew has new CAs).
   */
  public Identity ensureIdentity(CertificateAuthority ca, String name, Role role)
      throws IOException {
    return ensureIdentity(ca, name, name, role);
  }

  /**
   * As {@link #ensureIdentity(CertificateAuthority, String, Role)}, with a certificate common name
   * other than the directory's name: on a ledger several markets share, names must not collide.
   */
  public Identity ensureIdentity(CertificateAuthority ca, String name, String commonName, Role role)
      throws IOException {
    Path dir = identityDir(name);
    if (Files.exists(dir.resolve("cert.pem"))) {
      Identity saved = Identity.load(dir);
      if (ca.trusts(saved.certificate())
          && saved.mspId().equals(ca.mspId())
          && Certificates.commonName(saved.certificate()).equals(commonName)) {
        return saved;
      }
    }
    Identity identity = ca.enroll(commonName, role);
    identity.save(dir);
    return identity;
  }

  /**
   * A random tag made once per directory. On Fabric many markets may share one channel, and a
   * participant's ledger id is its common name and MSP, so names carry this tag to stay unique.
   */
  public String marketTag() throws IOException {
    Path file = root.resolve(TAG_FILE);
    if (Files.exists(file)) {
      return Files.readString(file).strip();
    }
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    String tag = HexFormat.of().formatHex(random);
    Files.writeString(file, tag + "\n");
    return tag;
  }

  /** The ledger this directory's market runs on; a directory without a record is embedded. */
  public LedgerKind ledgerKind() throws IOException {
    Path file = root.resolve(LEDGER_FILE);
    return Files.exists(file) ? LedgerKind.parse(Files.readString(file)) : LedgerKind.EMBEDDED;
  }

  /**
   * Records the ledger a market is started on. A directory keeps one market: its identities, escrow
   * and receipts belong to that ledger, so switching is refused rather than mixed.
   */
  public void recordLedgerKind(LedgerKind kind) throws IOException {
    boolean used = Files.exists(root.resolve(LEDGER_FILE)) || Files.exists(identityDir("broker"));
    if (used && ledgerKind() != kind) {
      throw new IOException(
          root
              + " holds a market on the "
              + ledgerKind().label()
              + " ledger; pass another --data DIR for a market on the "
              + kind.label()
              + " ledger");
    }
    Files.writeString(root.resolve(LEDGER_FILE), kind.label() + "\n");
  }

  /** Every CA this market's participants come from: ca-cert.pem, or one file per Fabric MSP. */
  public TrustRoots trustRoots() throws IOException {
    Path dir = root.resolve(TRUST_DIR);
    if (!Files.isDirectory(dir)) {
      return TrustRoots.of(MSP_ID, trustRoot());
    }
    TrustRoots roots = null;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".pem")).sorted().toList()) {
        String msp = file.getFileName().toString().replaceFirst("\\.pem$", "");
        X509Certificate root = Pem.certificate(Files.readString(file));
        roots = roots == null ? TrustRoots.of(msp, root) : roots.and(msp, root);
      }
    }
    if (roots == null) {
      throw new IOException("no CA certificates in " + dir);
    }
    return roots;
  }

  /**
   * The CA certificates an https broker must be certified by: every CA of this market ({@link
   * #trustRoots()}), or none when the directory has none yet.
   */
  public List<X509Certificate> tlsTrust() throws IOException {
    if (!Files.exists(caCertificateFile()) && !Files.isDirectory(root.resolve(TRUST_DIR))) {
      return List.of();
    }
    return trustRoots().certificates();
  }

  /** Publishes the CAs of a Fabric market as trust/MSPID.pem, replacing earlier ones. */
  public void saveTrustRoots(TrustRoots roots) throws IOException {
    Path dir = Files.createDirectories(root.resolve(TRUST_DIR));
    for (String msp : roots.mspIds()) {
      Files.writeString(dir.resolve(msp + ".pem"), Pem.encode(roots.root(msp).orElseThrow()));
    }
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
