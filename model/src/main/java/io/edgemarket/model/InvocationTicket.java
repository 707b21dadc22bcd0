package io.edgemarket.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;

/**
 * A consumer's signed authorisation to run one invocation and pay at most {@code maxPrice} for it.
 * Without it no receipt can be settled against the consumer's escrow, so neither a broker nor a
 * provider can invent work to charge for. The input is bound by a salted digest; the salt also
 * salts the output digest in the receipt, so the ledger never reveals small inputs or outputs.
 *
 * <p>The ticket names the one broker the consumer lets place it ({@code brokerId}): only that
 * broker's {@link Assignment} can bind it to a provider's offer, and only that broker can settle
 * it. {@code functionDigest} names the function version it runs; a version, once registered, is
 * never replaced, so redeploying cannot void a ticket.
 *
 * <p>A ticket fired under a consumer's standing {@link Grant} names it ({@code grantId}) and is
 * signed by the broker the grant names, not by the consumer: the grant is the consumer's consent
 * (docs/triggers.md). Its signed bytes are an ordinary ticket's plus one line, the grant id, so
 * every ordinary ticket signs exactly the bytes it always did; JSON leaves the field out when null.
 */
public record InvocationTicket(
    String invocationId,
    String consumerId,
    String brokerId,
    String functionId,
    String functionDigest,
    String salt,
    String inputDigest,
    long maxPrice,
    long issuedAt,
    long expiresAt,
    String signature,
    @JsonInclude(JsonInclude.Include.NON_NULL) String grantId) {

  public static final String DOMAIN = "edgemarket/ticket/v2";

  /** An ordinary ticket, signed by its consumer (no grant). */
  public InvocationTicket(
      String invocationId,
      String consumerId,
      String brokerId,
      String functionId,
      String functionDigest,
      String salt,
      String inputDigest,
      long maxPrice,
      long issuedAt,
      long expiresAt,
      String signature) {
    this(
        invocationId,
        consumerId,
        brokerId,
        functionId,
        functionDigest,
        salt,
        inputDigest,
        maxPrice,
        issuedAt,
        expiresAt,
        signature,
        null);
  }

  /** Builds and signs a ticket for {@code input} with a fresh salt. */
  public static InvocationTicket issue(
      Identity consumer,
      String invocationId,
      String brokerId,
      String functionId,
      String functionDigest,
      byte[] input,
      long maxPrice,
      long issuedAt,
      long expiresAt) {
    String salt = Crypto.randomHex(16);
    InvocationTicket unsigned =
        new InvocationTicket(
            invocationId,
            consumer.id(),
            brokerId,
            functionId,
            functionDigest,
            salt,
            Crypto.saltedDigest(salt, input),
            maxPrice,
            issuedAt,
            expiresAt,
            null);
    String signature = Base64.getEncoder().encodeToString(consumer.sign(unsigned.signingPayload()));
    return unsigned.withSignature(signature);
  }

  /**
   * Builds a ticket for one firing of {@code grant} on {@code input}, signed by {@code broker}, the
   * broker the grant names; the consumer is the grant's.
   */
  public static InvocationTicket fire(
      Identity broker,
      Grant grant,
      String invocationId,
      byte[] input,
      long maxPrice,
      long issuedAt,
      long expiresAt) {
    String salt = Crypto.randomHex(16);
    InvocationTicket unsigned =
        new InvocationTicket(
            invocationId,
            grant.consumerId(),
            broker.id(),
            grant.functionId(),
            grant.functionDigest(),
            salt,
            Crypto.saltedDigest(salt, input),
            maxPrice,
            issuedAt,
            expiresAt,
            null,
            grant.grantId());
    String signature = Base64.getEncoder().encodeToString(broker.sign(unsigned.signingPayload()));
    return unsigned.withSignature(signature);
  }

  /** Whether it was fired under a grant (and so is signed by its broker, not its consumer). */
  public boolean firedUnderGrant() {
    return grantId != null;
  }

  /**
   * The exact bytes the consumer signs: one field per line, in this order; a ticket under a grant
   * adds the grant id as a last line (and its broker signs them).
   */
  public byte[] signingPayload() {
    String text =
        String.join(
            "\n",
            DOMAIN,
            invocationId,
            consumerId,
            String.valueOf(brokerId),
            functionId,
            functionDigest,
            salt,
            inputDigest,
            Long.toString(maxPrice),
            Long.toString(issuedAt),
            Long.toString(expiresAt));
    if (grantId != null) {
      text = text + "\n" + grantId;
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  public boolean verify(PublicKey consumerKey) {
    return Signatures.verify(consumerKey, signingPayload(), signature);
  }

  /**
   * The leaf a consumer's {@link Statement} names this ticket by: its signed bytes and its
   * signature, so a statement covers exactly this ticket as signed.
   */
  public byte[] leafHash() {
    return Crypto.sha256(signingPayload(), Signatures.decode(signature));
  }

  public boolean matchesInput(byte[] input) {
    return inputDigest != null && inputDigest.equals(Crypto.saltedDigest(salt, input));
  }

  public InvocationTicket withSignature(String newSignature) {
    return new InvocationTicket(
        invocationId,
        consumerId,
        brokerId,
        functionId,
        functionDigest,
        salt,
        inputDigest,
        maxPrice,
        issuedAt,
        expiresAt,
        newSignature,
        grantId);
  }
}
