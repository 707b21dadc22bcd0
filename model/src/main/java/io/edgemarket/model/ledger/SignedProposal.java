package io.edgemarket.model.ledger;

import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.Pem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A transaction proposal signed by its creator, as a Fabric client signs one. The embedded ledger
 * accepts only these, so a process that relays proposals (the broker, for remote agents) cannot act
 * as anyone but itself. The transaction id is derived from nonce and creator, as in Fabric.
 */
public record SignedProposal(
    String mspId,
    String creatorPem,
    String transaction,
    List<String> args,
    String nonce,
    long timestamp,
    String signature) {

  public static final String DOMAIN = "edgemarket/proposal/v1";

  public SignedProposal {
    args = args == null ? List.of() : List.copyOf(args);
  }

  public static SignedProposal create(
      Identity creator, String transaction, List<String> args, long timestamp) {
    SignedProposal unsigned =
        new SignedProposal(
            creator.mspId(),
            creator.certificatePem(),
            transaction,
            args,
            Crypto.randomHex(24),
            timestamp,
            null);
    return unsigned.withSignature(
        Base64.getEncoder().encodeToString(creator.sign(unsigned.signingPayload())));
  }

  public String transactionId() {
    return Crypto.sha256Hex(nonce.getBytes(StandardCharsets.UTF_8), creatorBytes());
  }

  /** Domain, header, then each argument as its length and bytes so no two lists collide. */
  public byte[] signingPayload() {
    StringBuilder text = new StringBuilder();
    text.append(DOMAIN).append('\n').append(mspId).append('\n');
    text.append(Crypto.sha256Hex(creatorBytes())).append('\n');
    text.append(transaction).append('\n').append(nonce).append('\n').append(timestamp);
    for (String arg : args) {
      text.append('\n').append(arg.length()).append(':').append(arg);
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Checks the signature against the certificate it carries; trust in the cert is separate. */
  public boolean signatureValid() {
    try {
      byte[] sig = Base64.getDecoder().decode(signature == null ? "" : signature);
      return Crypto.verify(Pem.certificate(creatorPem).getPublicKey(), signingPayload(), sig);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public SignedProposal withSignature(String newSignature) {
    return new SignedProposal(mspId, creatorPem, transaction, args, nonce, timestamp, newSignature);
  }

  private byte[] creatorBytes() {
    return creatorPem.getBytes(StandardCharsets.UTF_8);
  }
}
