package io.edgemarket.broker.trigger;

import io.edgemarket.broker.invoke.InvocationRefusedException;
import io.edgemarket.broker.invoke.Refusal;
import io.edgemarket.model.Grant;
import io.edgemarket.model.GrantTrigger;
import io.edgemarket.model.ledger.Records.GrantStatus;

/**
 * One grant naming this broker, as the ledger last said, and what this broker has fired under it
 * since: the calls and the spend it may still be charged for. Only this broker can fire the grant
 * (it is named in it), so the ledger's counters never run ahead of its own, except for firings made
 * before a restart, which the ledger's then cover; taking the larger of both is never too generous.
 * A firing reserves its ticket's maxPrice until its cost is known, so firings in flight together
 * cannot overspend the grant either. A firing that finds the grant used up while others are in
 * flight waits (at most {@link #WAIT_MILLIS}) for them to end instead of being refused: their
 * reservations are ceilings (by default one call may reserve all of {@code maxSpend}), and what
 * they do not spend comes back. Only a grant used up with nothing in flight is exhausted.
 */
final class LiveGrant {
  private volatile GrantStatus status;
  private final GrantTrigger trigger;

  /** How long a firing waits for firings in flight to give back what they reserved. */
  static final long WAIT_MILLIS = 30_000;

  private long calls;
  private long spend;
  private int inFlight;

  LiveGrant(GrantStatus status) {
    this.status = status;
    this.trigger = GrantTrigger.parse(status.grant().trigger());
    this.calls = status.calls();
    this.spend = status.spend();
  }

  Grant grant() {
    return status.grant();
  }

  boolean revoked() {
    return status.revokedAt() != null;
  }

  GrantTrigger trigger() {
    return trigger;
  }

  synchronized void update(GrantStatus newer) {
    status = newer;
    calls = Math.max(calls, newer.calls());
    spend = Math.max(spend, newer.spend());
  }

  /**
   * Takes one call and at most {@code maxPricePerCall} of what is left of the spend, refused when
   * the grant is not live now; returns the ticket's maxPrice.
   */
  synchronized long reserve(long now) {
    long giveUp = System.nanoTime() + WAIT_MILLIS * 1_000_000;
    while (true) {
      Long maxPrice = tryReserve(now, inFlight == 0 || System.nanoTime() >= giveUp);
      if (maxPrice != null) {
        inFlight++;
        return maxPrice;
      }
      try {
        wait(Math.max(1, (giveUp - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InvocationRefusedException(
            Refusal.GRANT_EXHAUSTED, "interrupted while waiting for firings in flight");
      }
    }
  }

  /**
   * The ticket's maxPrice, or null when the grant is used up for now and {@code last} is false
   * (firings in flight may give some back); refused when it is not live, or used up and last.
   */
  private Long tryReserve(long now, boolean last) {
    GrantStatus current = status;
    Grant grant = current.grant();
    if (current.revokedAt() != null) {
      throw new InvocationRefusedException(
          Refusal.GRANT_REVOKED, "grant " + grant.grantId() + " was revoked by its consumer");
    }
    if (now < grant.notBefore() || now > grant.notAfter()) {
      throw new InvocationRefusedException(
          Refusal.NO_ROUTE,
          "grant "
              + grant.grantId()
              + " is live from "
              + grant.notBefore()
              + " to "
              + grant.notAfter()
              + " only");
    }
    long left = grant.maxSpend() - spend;
    if (calls >= grant.maxCalls() || left <= 0) {
      if (!last) {
        return null;
      }
      throw new InvocationRefusedException(
          Refusal.GRANT_EXHAUSTED,
          "grant "
              + grant.grantId()
              + " has used "
              + calls
              + " of "
              + grant.maxCalls()
              + " calls and "
              + spend
              + " of "
              + grant.maxSpend());
    }
    long maxPrice = Math.min(grant.maxPricePerCall(), left);
    calls++;
    spend += maxPrice;
    return maxPrice;
  }

  /** A firing that reserved {@code reserved} ran and costs {@code cost}. */
  synchronized void ran(long reserved, long cost) {
    spend -= reserved - Math.min(cost, reserved);
    released();
  }

  /** A firing that reserved {@code reserved} ran nothing that can be charged. */
  synchronized void refused(long reserved) {
    calls--;
    spend -= reserved;
    released();
  }

  private void released() {
    inFlight = Math.max(0, inFlight - 1);
    notifyAll();
  }
}
