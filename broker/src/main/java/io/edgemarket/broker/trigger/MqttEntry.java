package io.edgemarket.broker.trigger;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One {@code mqtt:} grant of {@link MqttTriggers}: its grant, where it listens, its firings, run
 * one at a time in the order their messages came, and whether it stopped for good (revoked, expired
 * or exhausted) or keeps failing (logged once per outage). A stopped entry is kept, so that reading
 * the grant again from the ledger, whose counters may lag this broker's, does not subscribe it
 * again.
 *
 * <p>One at a time, because a firing reserves up to the grant's whole price ceiling until its cost
 * is known: a firing refused beside another in flight could not tell "exhausted" from "wait", and
 * readings of one sensor are best run in order.
 */
final class MqttEntry {
  final LiveGrant grant;
  final String url;
  final String topic;
  private final Deque<Runnable> firings = new ArrayDeque<>();
  private boolean firing;
  private boolean stopped;
  final Outage outage = new Outage();

  MqttEntry(LiveGrant grant) {
    this.grant = grant;
    this.url = grant.trigger().mqttUrl();
    this.topic = grant.trigger().topic();
  }

  /** Runs {@code task} on {@code pool} after the firings queued before it. */
  void enqueue(Runnable task, Executor pool) {
    synchronized (this) {
      firings.add(task);
      if (firing) {
        return;
      }
      firing = true;
    }
    try {
      pool.execute(this::drain);
    } catch (RejectedExecutionException e) {
      drain(); // closing: run what is queued here
    }
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (this) {
        next = firings.poll();
        if (next == null) {
          firing = false;
          return;
        }
      }
      next.run();
    }
  }

  /** The subscription this grant shares with grants of the same URL and topic filter. */
  String subscription() {
    return url + "#" + topic;
  }

  synchronized boolean stopped() {
    return stopped;
  }

  /** Stops the entry; true the first time. */
  synchronized boolean stop() {
    boolean was = stopped;
    stopped = true;
    return !was;
  }
}
