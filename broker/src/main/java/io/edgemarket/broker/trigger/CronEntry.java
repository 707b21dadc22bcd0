package io.edgemarket.broker.trigger;

import io.edgemarket.model.CronSchedule;
import io.edgemarket.model.Grant;
import java.time.Instant;

/**
 * One schedule of {@link CronTriggers}: its grant, when it fires next, and whether a firing of it
 * still runs (then the next is skipped rather than run beside it) or keeps failing (logged once).
 */
final class CronEntry {
  final LiveGrant grant;
  final byte[] input;
  private final CronSchedule schedule;
  private long nextAt;
  private boolean running;
  final Outage outage = new Outage();
  private boolean stopped;

  CronEntry(LiveGrant grant, long now) {
    this.grant = grant;
    this.schedule = grant.trigger().schedule();
    this.input = grant.trigger().input();
    this.nextAt = after(now);
  }

  /**
   * Whether to fire now; if so the entry counts as running until {@link #ended}. Whatever it
   * answers, the next firing is the schedule's first after {@code now}: those missed are skipped.
   */
  synchronized boolean due(long now) {
    Grant g = grant.grant();
    if (grant.revoked() || now > g.notAfter()) {
      stopped = true;
    }
    if (stopped || nextAt > now) {
      return false;
    }
    nextAt = after(now);
    if (now < g.notBefore() || running) {
      return false;
    }
    running = true;
    return true;
  }

  synchronized long nextAt() {
    return stopped ? Long.MAX_VALUE : nextAt;
  }

  synchronized void ended() {
    running = false;
  }

  /** The grant will pay nothing more: the schedule stops. */
  synchronized void stop() {
    stopped = true;
  }

  private long after(long now) {
    Instant next = schedule.next(Instant.ofEpochMilli(now));
    if (next == null) {
      stopped = true;
      return Long.MAX_VALUE;
    }
    return next.toEpochMilli();
  }
}
