package io.edgemarket.model;

import io.edgemarket.model.crypto.Identity;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;

/**
 * A consumer's standing consent, signed once, to pay for runs of one function version that nobody
 * signs a ticket for: each firing of its {@code trigger} (an HTTP route today; an MQTT message, a
 * schedule or a chain step later, see {@link GrantTrigger}) makes the broker it names issue a
 * ticket under it ({@link InvocationTicket#grantId}), signed by that broker. The chaincode pays a
 * receipt under such a ticket only within the grant's terms: its function version, its broker, its
 * time window, at most {@code maxPricePerCall} a call, and, counted on the ledger, at most {@code
 * maxCalls} calls and {@code maxSpend} in all.
 *
 * <p>The broker's signature on such a ticket is worth no more than the grant behind it: a broker
 * without a grant cannot stand in for a consumer (docs/batch-signatures.md), and with one it can
 * spend only what the consumer granted, through the trigger it granted (docs/triggers.md).
 */
public record Grant(
    String grantId,
    String consumerId,
    String functionId,
    String functionDigest,
    String brokerId,
    String trigger,
    long maxPricePerCall,
    long maxCalls,
    long maxSpend,
    long notBefore,
    long notAfter,
    String signature) {

  public static final String DOMAIN = "edgemarket/grant/v1";

  /** Signs a grant as {@code consumer}, whose id it takes. */
  public static Grant sign(
      Identity consumer,
      String grantId,
      String functionId,
      String functionDigest,
      String brokerId,
      String trigger,
      long maxPricePerCall,
      long maxCalls,
      long maxSpend,
      long notBefore,
      long notAfter) {
    Grant unsigned =
        new Grant(
            grantId,
            consumer.id(),
            functionId,
            functionDigest,
            brokerId,
            trigger,
            maxPricePerCall,
            maxCalls,
            maxSpend,
            notBefore,
            notAfter,
            null);
    return unsigned.withSignature(
        Base64.getEncoder().encodeToString(consumer.sign(unsigned.signingPayload())));
  }

  /** The exact bytes the consumer signs: one field per line, in this order. */
  public byte[] signingPayload() {
    return String.join(
            "\n",
            DOMAIN,
            String.valueOf(grantId),
            String.valueOf(consumerId),
            String.valueOf(functionId),
            String.valueOf(functionDigest),
            String.valueOf(brokerId),
            String.valueOf(trigger),
            Long.toString(maxPricePerCall),
            Long.toString(maxCalls),
            Long.toString(maxSpend),
            Long.toString(notBefore),
            Long.toString(notAfter))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Whether {@code consumerKey} signed exactly this grant; false for anything malformed. */
  public boolean verify(PublicKey consumerKey) {
    return Signatures.verify(consumerKey, signingPayload(), signature);
  }

  /**
   * Why a ticket is not within this grant's terms, or null when it is: the ticket must name this
   * grant, its consumer, function version and broker, be issued within the window, and ask at most
   * {@code maxPricePerCall}. The counters ({@code maxCalls}, {@code maxSpend}) and revocation are
   * the ledger's to count; signatures are checked by whoever holds the keys.
   */
  public String termsProblem(InvocationTicket ticket) {
    if (!grantId.equals(ticket.grantId())) {
      return "the ticket names grant " + ticket.grantId() + ", not " + grantId;
    }
    if (!consumerId.equals(ticket.consumerId())) {
      return "grant " + grantId + " is " + consumerId + "'s, not " + ticket.consumerId() + "'s";
    }
    if (!functionId.equals(ticket.functionId())
        || !functionDigest.equals(ticket.functionDigest())) {
      return "grant " + grantId + " covers " + functionId + "@" + functionDigest + " only";
    }
    if (!brokerId.equals(ticket.brokerId())) {
      return "grant " + grantId + " names broker " + brokerId + ", not " + ticket.brokerId();
    }
    if (ticket.issuedAt() < notBefore || ticket.issuedAt() > notAfter) {
      return "the ticket was issued at "
          + ticket.issuedAt()
          + ", outside grant "
          + grantId
          + "'s window "
          + notBefore
          + ".."
          + notAfter;
    }
    if (ticket.maxPrice() > maxPricePerCall) {
      return "the ticket's maxPrice "
          + ticket.maxPrice()
          + " exceeds grant "
          + grantId
          + "'s maxPricePerCall "
          + maxPricePerCall;
    }
    return null;
  }

  public Grant withSignature(String newSignature) {
    return new Grant(
        grantId,
        consumerId,
        functionId,
        functionDigest,
        brokerId,
        trigger,
        maxPricePerCall,
        maxCalls,
        maxSpend,
        notBefore,
        notAfter,
        newSignature);
  }
}
