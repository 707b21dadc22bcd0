package io.edgemarket.model;

import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;

/**
 * The broker's signed statement that it placed one ticket on one provider's offer. A ticket names
 * no provider (the consumer signs it before matching), so without this any provider that saw a
 * ticket could claim it; with it, only the provider the ticket's own broker chose can be paid, at
 * that offer's prices, and only for a placement made before the ticket expired.
 *
 * <p>{@code ticketDigest} is the SHA-256 of the ticket's signed payload, so an assignment cannot be
 * moved to another ticket with the same invocation id.
 */
public record Assignment(
    String invocationId,
    String ticketDigest,
    String brokerId,
    String providerId,
    String offerId,
    long assignedAt,
    int replica,
    String signature) {

  public static final String DOMAIN = "edgemarket/assignment/v1";

  /** The first run of a ticket; a redundant run of a sampled ticket has replica 1, 2, ... */
  public static final int PRIMARY = 0;

  /**
   * The most runs of one ticket: the primary, a redundant run, and up to three more until a strict
   * majority agrees (two liars that disagree with each other and one honest run need two more
   * honest runs to be outvoted). Only the majority's runs are paid, so at most three.
   */
  public static final int MAX_REPLICAS = 5;

  public Assignment {
    if (replica < 0 || replica >= MAX_REPLICAS) {
      throw new IllegalArgumentException("replica must be 0.." + (MAX_REPLICAS - 1));
    }
  }

  /** Signs the placement of {@code ticket} on {@code offer} as {@code broker}. */
  public static Assignment sign(
      Identity broker, InvocationTicket ticket, Offer offer, long assignedAt) {
    return sign(broker, ticket, offer.providerId(), offer.offerId(), assignedAt);
  }

  /** Signs the placement of {@code ticket} on {@code providerId}'s offer {@code offerId}. */
  public static Assignment sign(
      Identity broker,
      InvocationTicket ticket,
      String providerId,
      String offerId,
      long assignedAt) {
    return sign(broker, ticket, providerId, offerId, assignedAt, PRIMARY);
  }

  /**
   * Signs a placement of {@code ticket} as run number {@code replica}: 0 for the primary run, more
   * for the redundant runs of a ticket the sampling rule selected ({@link Sampling}).
   */
  public static Assignment sign(
      Identity broker,
      InvocationTicket ticket,
      String providerId,
      String offerId,
      long assignedAt,
      int replica) {
    Assignment unsigned =
        new Assignment(
            ticket.invocationId(),
            digestOf(ticket),
            broker.id(),
            providerId,
            offerId,
            assignedAt,
            replica,
            null);
    return unsigned.withSignature(
        Base64.getEncoder().encodeToString(broker.sign(unsigned.signingPayload())));
  }

  public static String digestOf(InvocationTicket ticket) {
    return Crypto.sha256Hex(ticket.signingPayload());
  }

  /** The exact bytes the broker signs: one field per line, in this order. */
  public byte[] signingPayload() {
    String text =
        String.join(
            "\n",
            DOMAIN,
            String.valueOf(invocationId),
            String.valueOf(ticketDigest),
            String.valueOf(brokerId),
            String.valueOf(providerId),
            String.valueOf(offerId),
            Long.toString(assignedAt),
            Integer.toString(replica));
    return text.getBytes(StandardCharsets.UTF_8);
  }

  public boolean verify(PublicKey brokerKey) {
    return Signatures.verify(brokerKey, signingPayload(), signature);
  }

  /**
   * The key a paid receipt of this run is stored under: the invocation id for the primary run,
   * {@code id#replica} for a redundant one, so each run of a sampled ticket is paid once.
   */
  public String runId() {
    return replica == PRIMARY ? invocationId : invocationId + "#" + replica;
  }

  /** True when this assignment is for exactly {@code ticket}. */
  public boolean isFor(InvocationTicket ticket) {
    return ticket.invocationId().equals(invocationId) && digestOf(ticket).equals(ticketDigest);
  }

  public Assignment withSignature(String newSignature) {
    return new Assignment(
        invocationId,
        ticketDigest,
        brokerId,
        providerId,
        offerId,
        assignedAt,
        replica,
        newSignature);
  }
}
