package io.edgemarket.ledger.embedded;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Certificates;
import io.edgemarket.model.crypto.Pem;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Walks the block log checking everything that makes tampering evident: each block parses, is
 * numbered in sequence, links to the hash of the block before it, matches its own hash, and is
 * signed by the ledger certificate that the genesis block names, which the given CA must have
 * issued; no transaction id appears twice, valid or invalid. Verified blocks are handed on in
 * order.
 */
final class ChainVerifier implements BlockLog.LineSink {
  /** What a walk found: the verified chain, and where its complete lines end. */
  record Result(
      long height,
      long transactions,
      long rejected,
      String lastHash,
      long end,
      X509Certificate signer) {}

  private final BlockLog log;
  private final CertificateAuthority ca;
  private final Consumer<LogRecords.Sealed> sink;
  private final Set<String> txIds = new HashSet<>();
  private String prevHash = LogCodec.NO_PREVIOUS;
  private long height;
  private long transactions;
  private long rejected;
  private X509Certificate signer;

  private ChainVerifier(BlockLog log, CertificateAuthority ca, Consumer<LogRecords.Sealed> sink) {
    this.log = log;
    this.ca = ca;
    this.sink = sink;
  }

  /** Verifies the complete lines among the first {@code limit} bytes of the log. */
  static Result verify(
      BlockLog log, long limit, CertificateAuthority ca, Consumer<LogRecords.Sealed> sink)
      throws IOException {
    ChainVerifier walk = new ChainVerifier(log, ca, sink);
    long end = log.read(limit, walk);
    return new Result(
        walk.height, walk.transactions, walk.rejected, walk.prevHash, end, walk.signer);
  }

  @Override
  public void accept(long number, long offset, byte[] line) throws IOException {
    LogCodec.Encoded encoded;
    try {
      encoded = LogCodec.parse(line);
    } catch (IOException e) {
      throw corrupt(number, offset, "it is not a readable block record (" + e.getMessage() + ")");
    }
    LogRecords.Sealed sealed = encoded.sealed();
    LogRecords.Block block = sealed.block();
    if (block.number() != number) {
      throw corrupt(number, offset, "it is numbered " + block.number());
    }
    if (!prevHash.equals(block.prevHash())) {
      throw corrupt(number, offset, "it does not link to the hash of the block before it");
    }
    String hash = LogCodec.hash(prevHash, encoded.blockJson());
    if (!hash.equals(sealed.hash())) {
      throw corrupt(number, offset, "its content does not match its hash");
    }
    if (number == 0) {
      signer = genesisSigner(block, offset);
    } else if (block.config() != null) {
      throw corrupt(number, offset, "only the genesis block may carry a configuration");
    }
    if (!LedgerSigner.signatureValid(signer, sealed)) {
      throw corrupt(number, offset, "it is not signed by the ledger's certificate");
    }
    for (LogRecords.Tx tx : block.txs()) {
      if (!txIds.add(tx.txId())) {
        throw corrupt(number, offset, "transaction " + tx.txId() + " appears twice in the log");
      }
    }
    for (LogRecords.Invalid tx : block.invalid()) {
      if (!txIds.add(tx.txId())) {
        throw corrupt(number, offset, "transaction " + tx.txId() + " appears twice in the log");
      }
    }
    prevHash = hash;
    height = number + 1;
    transactions += block.txs().size();
    rejected += block.invalid().size();
    sink.accept(sealed);
  }

  private X509Certificate genesisSigner(LogRecords.Block block, long offset) throws IOException {
    LogRecords.Config config = block.config();
    if (config == null || !block.txs().isEmpty() || !block.invalid().isEmpty()) {
      throw corrupt(0, offset, "the genesis block must hold a configuration and no transactions");
    }
    if (!TxInput.CHANNEL.equals(config.channel()) || !ca.mspId().equals(config.mspId())) {
      throw corrupt(
          0, offset, "it configures channel " + config.channel() + " of " + config.mspId());
    }
    try {
      if (!Pem.certificate(config.caCertificate()).equals(ca.certificate())) {
        throw corrupt(0, offset, "the ledger was created under another CA than the one given");
      }
      X509Certificate certificate = Pem.certificate(config.signerCertificate());
      if (!ca.trusts(certificate) || Certificates.role(certificate) != Role.ORDERER) {
        throw corrupt(0, offset, "its signer is not an orderer certificate issued by the CA");
      }
      return certificate;
    } catch (IllegalArgumentException e) {
      throw corrupt(0, offset, "its certificates are unreadable (" + e.getMessage() + ")");
    }
  }

  private CorruptLedgerException corrupt(long number, long offset, String reason) {
    return new CorruptLedgerException(log.file(), number, offset, reason);
  }
}
