package io.edgemarket.model;

import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Objects;

/**
 * A provider's signed statement that it ran one invocation: which ticket, which code, what came out
 * (salted digest), what it metered and what that costs at the offer's prices. The amount is
 * recomputable from the fields, so anyone can check the price as well as the signature.
 *
 * <p>{@code sequence} is the provider's own strictly increasing counter: a provider that restarts
 * never signs two different receipts with one sequence number.
 */
public record Receipt(
    InvocationTicket ticket,
    Assignment assignment,
    String providerId,
    String offerId,
    String outputDigest,
    String status,
    Usage usage,
    long pricePerInvocation,
    long pricePerMegaFuel,
    long amount,
    long startedAt,
    long finishedAt,
    long sequence,
    String signature) {

  public static final String DOMAIN = "edgemarket/receipt/v2";
  public static final String OK = "OK";
  public static final String FUNCTION_ERROR = "FUNCTION_ERROR";

  public Receipt {
    Objects.requireNonNull(ticket, "ticket");
    Objects.requireNonNull(assignment, "assignment");
    Objects.requireNonNull(usage, "usage");
  }

  public String invocationId() {
    return ticket.invocationId();
  }

  /**
   * Signs a receipt for work the broker assigned to this provider; the offer is the assignment's,
   * and the amount is computed here from the usage and the offer's prices.
   */
  public static Receipt sign(
      Identity provider,
      InvocationTicket ticket,
      Assignment assignment,
      byte[] output,
      String status,
      Usage usage,
      long pricePerInvocation,
      long pricePerMegaFuel,
      long startedAt,
      long finishedAt,
      long sequence) {
    Receipt unsigned =
        new Receipt(
            ticket,
            assignment,
            provider.id(),
            assignment.offerId(),
            Crypto.saltedDigest(ticket.salt(), output),
            status,
            usage,
            pricePerInvocation,
            pricePerMegaFuel,
            Pricing.amount(pricePerInvocation, pricePerMegaFuel, usage.fuel()),
            startedAt,
            finishedAt,
            sequence,
            null);
    return unsigned.withSignature(
        Base64.getEncoder().encodeToString(provider.sign(unsigned.signingPayload())));
  }

  /** The exact bytes the provider signs: one field per line, covering the whole signed ticket. */
  public byte[] signingPayload() {
    String text =
        String.join(
            "\n",
            DOMAIN,
            Crypto.sha256Hex(ticket.signingPayload()),
            String.valueOf(ticket.signature()),
            Crypto.sha256Hex(assignment.signingPayload()),
            String.valueOf(assignment.signature()),
            providerId,
            offerId,
            outputDigest,
            status,
            Long.toString(usage.fuel()),
            Long.toString(usage.peakMemoryBytes()),
            Long.toString(usage.wallMicros()),
            Long.toString(pricePerInvocation),
            Long.toString(pricePerMegaFuel),
            Long.toString(amount),
            Long.toString(startedAt),
            Long.toString(finishedAt),
            Long.toString(sequence));
    return text.getBytes(StandardCharsets.UTF_8);
  }

  public boolean verify(PublicKey providerKey) {
    return Signatures.verify(providerKey, signingPayload(), signature);
  }

  /** True when the amount is exactly what the usage costs at the stated prices. */
  public boolean amountIsConsistent() {
    try {
      return amount == Pricing.amount(pricePerInvocation, pricePerMegaFuel, usage.fuel());
    } catch (ArithmeticException | IllegalArgumentException e) {
      return false;
    }
  }

  public boolean matchesOutput(byte[] output) {
    return outputDigest != null && outputDigest.equals(Crypto.saltedDigest(ticket.salt(), output));
  }

  /** The Merkle leaf: covers the signed payload and the signature itself. */
  public byte[] leafHash() {
    return Crypto.sha256(signingPayload(), Signatures.decode(signature));
  }

  public Receipt withSignature(String newSignature) {
    return new Receipt(
        ticket,
        assignment,
        providerId,
        offerId,
        outputDigest,
        status,
        usage,
        pricePerInvocation,
        pricePerMegaFuel,
        amount,
        startedAt,
        finishedAt,
        sequence,
        newSignature);
  }
}
