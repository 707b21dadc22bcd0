package io.edgemarket.ledger.embedded;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Certificates;
import io.edgemarket.model.crypto.Pem;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Walks the block log checking everything that makes tampering evident: each block parses, is
 * numbered in sequence, links to the hash of the block before it, matches its own hash, and is
 * signed by the ledger certificate that the genesis block names, which the given CA must have
 * issued; no transaction id appears twice, valid or invalid. Verified blocks are handed on in
 * order. A walk may also start after a {@link Snapshot}'s last block ({@link #verifyFrom}), taking
 * the snapshot's word for the blocks before it.
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

  /** Receives each verified block with where it lies in the log. */
  interface BlockSink {
    void accept(LogRecords.Sealed sealed, long offset, long end);
  }

  /**
   * Where a walk starts: after the block of {@code height - 1} ending at byte {@code offset}, whose
   * hash is {@code prevHash}, signed by {@code signer}; {@code earlier} tells the transaction ids
   * used before.
   */
  record Start(
      long offset,
      long height,
      String prevHash,
      X509Certificate signer,
      Predicate<String> earlier,
      long transactions,
      long rejected) {}

  private final BlockLog log;
  private final CertificateAuthority ca;
  private final BlockSink sink;
  private final Predicate<String> earlier;
  private final Set<String> txIds = new HashSet<>();
  private String prevHash;
  private long height;
  private long transactions;
  private long rejected;
  private X509Certificate signer;

  private ChainVerifier(BlockLog log, CertificateAuthority ca, BlockSink sink, Start start) {
    this.log = log;
    this.ca = ca;
    this.sink = sink;
    this.earlier = start.earlier();
    this.prevHash = start.prevHash();
    this.height = start.height();
    this.transactions = start.transactions();
    this.rejected = start.rejected();
    this.signer = start.signer();
  }

  /** Verifies the complete lines among the first {@code limit} bytes of the log. */
  static Result verify(BlockLog log, long limit, CertificateAuthority ca, BlockSink sink)
      throws IOException {
    return verifyFrom(
        log, new Start(0, 0, LogCodec.NO_PREVIOUS, null, id -> false, 0, 0), limit, ca, sink);
  }

  /** Verifies the complete lines from {@code start} up to byte {@code limit} of the log. */
  static Result verifyFrom(
      BlockLog log, Start start, long limit, CertificateAuthority ca, BlockSink sink)
      throws IOException {
    ChainVerifier walk = new ChainVerifier(log, ca, sink, start);
    long end = log.read(start.offset(), start.height(), limit, walk);
    return new Result(
        walk.height, walk.transactions, walk.rejected, walk.prevHash, end, walk.signer);
  }

  /**
   * Verifies the genesis block alone (the first line of the log): the result names the ledger's
   * signing certificate and the genesis hash; null when the log holds no complete line.
   */
  static Result genesis(BlockLog log, CertificateAuthority ca) throws IOException {
    byte[] line = log.firstLine();
    if (line == null) {
      return null;
    }
    ChainVerifier walk =
        new ChainVerifier(
            log,
            ca,
            (b, o, e) -> {},
            new Start(0, 0, LogCodec.NO_PREVIOUS, null, id -> false, 0, 0));
    walk.accept(0, 0, line);
    return new Result(1, 0, 0, walk.prevHash, line.length + 1L, walk.signer);
  }

  /**
   * Verifies one block read on its own: the line at {@code offset} is block {@code number}, links
   * to {@code prevHash}, matches its hash, which must be {@code hash}, and is signed by {@code
   * signer}.
   */
  static void block(
      BlockLog log,
      long number,
      long offset,
      byte[] line,
      String prevHash,
      String hash,
      X509Certificate signer,
      CertificateAuthority ca)
      throws IOException {
    ChainVerifier walk =
        new ChainVerifier(
            log,
            ca,
            (b, o, e) -> {},
            new Start(offset, number, prevHash, signer, id -> false, 0, 0));
    walk.accept(number, offset, line);
    if (!walk.prevHash.equals(hash)) {
      throw walk.corrupt(number, offset, "it is not the block of hash " + hash);
    }
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
      if (!txIds.add(tx.txId()) || earlier.test(tx.txId())) {
        throw corrupt(number, offset, "transaction " + tx.txId() + " appears twice in the log");
      }
    }
    for (LogRecords.Invalid tx : block.invalid()) {
      if (!txIds.add(tx.txId()) || earlier.test(tx.txId())) {
        throw corrupt(number, offset, "transaction " + tx.txId() + " appears twice in the log");
      }
    }
    prevHash = hash;
    height = number + 1;
    transactions += block.txs().size();
    rejected += block.invalid().size();
    sink.accept(sealed, offset, offset + line.length + 1);
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
