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
 * The ledger's own identity, which seals blocks: a certificate with the ORDERER role, enrolled from
 * the market's CA on first open and kept (key owner-readable only) in the data directory. Anyone
 * holding the CA certificate can then check every block's signature without trusting the files.
 */
final class LedgerSigner {
  static final String DIRECTORY = "signer";
  private static final String COMMON_NAME = "embedded-ledger";

  private final Identity identity;

  private LedgerSigner(Identity identity) {
    this.identity = identity;
  }

  /** A new signing identity for a new ledger, saved in the data directory. */
  static LedgerSigner enroll(Path dataDir, CertificateAuthority ca) throws IOException {
    Identity enrolled = ca.enroll(COMMON_NAME, Role.ORDERER);
    enrolled.save(dataDir.resolve(DIRECTORY));
    return new LedgerSigner(enrolled);
  }

  /** The saved signing identity, or null if the data directory holds none. */
  static LedgerSigner load(Path dataDir, CertificateAuthority ca) throws IOException {
    Path dir = dataDir.resolve(DIRECTORY);
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
      long number, String prevHash, LogRecords.Config config, List<LogRecords.Tx> txs) {
    LogRecords.Block block =
        new LogRecords.Block(number, prevHash, System.currentTimeMillis(), config, txs);
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
