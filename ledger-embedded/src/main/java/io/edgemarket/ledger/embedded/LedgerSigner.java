package io.edgemarket.ledger.embedded;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * The ledger's own identity, which seals blocks and signs checkpoints and endorsements: a
 * certificate with the ORDERER role, enrolled from the market's CA on first open and kept (key
 * owner-readable only) in its key directory: {@code signer/} beside the log unless the ledger is
 * given another ({@link EmbeddedLedger.Builder#keyDirectory}, {@value #KEY_DIR_ENV}, {@value
 * #KEY_DIR_PROPERTY}), so that whoever can rewrite the log need not also hold the key. Anyone
 * holding the CA certificate can then check every block's signature without trusting the files.
 */
final class LedgerSigner {
  static final String DIRECTORY = "signer";
  static final String KEY_DIR_ENV = "EDGEMARKET_LEDGER_KEY_DIR";
  static final String KEY_DIR_PROPERTY = "edgemarket.ledger.keyDir";
  private static final String COMMON_NAME = "embedded-ledger";

  private final Identity identity;

  private LedgerSigner(Identity identity) {
    this.identity = identity;
  }

  /**
   * The key directory: the one given, else the system property, else the environment variable, else
   * {@code signer/} in the data directory.
   */
  static Path keyDirectory(Path dataDir, Path given) {
    if (given != null) {
      return given;
    }
    String configured = System.getProperty(KEY_DIR_PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(KEY_DIR_ENV);
    }
    return configured == null || configured.isBlank()
        ? dataDir.resolve(DIRECTORY)
        : Path.of(configured);
  }

  /** A new signing identity for a new ledger, saved in its key directory. */
  static LedgerSigner enroll(Path dir, CertificateAuthority ca) throws IOException {
    Identity enrolled = ca.enroll(COMMON_NAME, Role.ORDERER);
    enrolled.save(dir);
    return new LedgerSigner(enrolled);
  }

  /** The signing identity saved in the key directory {@code dir}, or null if it holds none. */
  static LedgerSigner load(Path dir, CertificateAuthority ca) throws IOException {
    if (!Files.exists(dir.resolve("cert.pem"))) {
      return null;
    }
    Identity loaded;
    try {
      loaded = Identity.load(dir);
    } catch (IllegalArgumentException e) {
      throw new IOException("the ledger's signing identity in " + dir + " is unreadable", e);
    }
    if (!ca.mspId().equals(loaded.mspId())
        || loaded.role() != Role.ORDERER
        || !ca.trusts(loaded.certificate())) {
      throw new IOException(
          "the ledger's signing identity in "
              + dir
              + " is not an orderer certificate issued by the "
              + ca.mspId()
              + " CA: was this ledger created under another CA?");
    }
    return new LedgerSigner(loaded);
  }

  Identity identity() {
    return identity;
  }

  /** Hashes and signs a block that follows the block whose hash is {@code prevHash}. */
  LogCodec.Encoded seal(
      long number,
      String prevHash,
      LogRecords.Config config,
      List<LogRecords.Tx> txs,
      List<LogRecords.Invalid> invalid) {
    LogRecords.Block block =
        new LogRecords.Block(number, prevHash, System.currentTimeMillis(), config, txs, invalid);
    byte[] json = LogCodec.blockJson(block);
    String hash = LogCodec.hash(prevHash, json);
    String signature = Base64.getEncoder().encodeToString(identity.sign(Crypto.unhex(hash)));
    return new LogCodec.Encoded(new LogRecords.Sealed(block, hash, signature), json);
  }

  static boolean signatureValid(X509Certificate signer, LogRecords.Sealed sealed) {
    try {
      return Crypto.verify(
          signer.getPublicKey(),
          Crypto.unhex(sealed.hash()),
          Base64.getDecoder().decode(sealed.signature() == null ? "" : sealed.signature()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
