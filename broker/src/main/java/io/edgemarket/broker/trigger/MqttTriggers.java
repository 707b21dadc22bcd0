package io.edgemarket.broker.trigger;

import io.edgemarket.broker.invoke.InvocationRefusedException;
import io.edgemarket.broker.invoke.Refusal;
import io.edgemarket.model.Grant;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.Limits;
import io.edgemarket.model.ledger.Records.GrantStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code mqtt:} grants naming this broker: each message published on a topic a live grant's
 * filter matches, at the MQTT broker it names, fires the grant's function once with the payload as
 * input ({@link CronTriggers.Firing}, {@code InvocationService.fire}), limited per grant ({@code
 * mqtt <grantId>}); a grant's messages fire one at a time, in the order they came. Messages are
 * handed from Paho's thread to a pool and acknowledged once their firings were taken ({@link
 * MqttSubscription}); a redelivery of one already fired is not fired again ({@link
 * RecentMessages}). A payload over the broker's limit is refused, not run. A grant revoked, expired
 * or exhausted is unsubscribed; any other failure (no provider, the function redeployed) is logged
 * once per outage. Logs name grants and topics, never payloads.
 */
public final class MqttTriggers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MqttTriggers.class);
  private static final int RECENT_MESSAGES = 10_000;

  private final String brokerId;
  private final CronTriggers.Firing firing;
  private final LongSupplier clock;
  private final Consumer<String> outcomes;
  private final Map<String, MqttEntry> byId = new ConcurrentHashMap<>();
  private final Map<String, MqttSubscription> subscriptions = new ConcurrentHashMap<>();
  private final RecentMessages recent = new RecentMessages(RECENT_MESSAGES);
  private final ExecutorService runs = Executors.newCachedThreadPool(daemon("mqtt-firing"));
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(daemon("mqtt-connect"));
  private volatile boolean closed;

  /**
   * {@code outcomes} is told {@link CronTriggers#OK}, {@link CronTriggers#REFUSED} or {@link
   * CronTriggers#FAILED} per grant and message.
   */
  public MqttTriggers(
      String brokerId, CronTriggers.Firing firing, LongSupplier clock, Consumer<String> outcomes) {
    this.brokerId = brokerId;
    this.firing = firing;
    this.clock = clock;
    this.outcomes = outcomes;
  }

  /** Subscribes a live MQTT grant, updates a known one, unsubscribes one that ended. */
  public void upsert(GrantStatus status) {
    if (closed
        || status == null
        || status.grant() == null
        || !brokerId.equals(status.grant().brokerId())) {
      return;
    }
    MqttEntry known = byId.get(status.grant().grantId());
    if (known != null) {
      known.grant.update(status);
      if (ended(status)) {
        stop(known, "the ledger says it " + (status.revokedAt() != null ? "was revoked" : "ended"));
      }
      return;
    }
    LiveGrant grant;
    try {
      grant = new LiveGrant(status);
    } catch (IllegalArgumentException e) {
      return;
    }
    if (!grant.trigger().isMqtt()) {
      return;
    }
    MqttEntry entry = new MqttEntry(grant);
    if (byId.putIfAbsent(grant.grant().grantId(), entry) != null) {
      return;
    }
    if (ended(status)) {
      entry.stop();
      return;
    }
    subscribe(entry);
  }

  public void upsertAll(List<GrantStatus> grants) {
    grants.forEach(this::upsert);
  }

  /** How many grants still listen. */
  public int live() {
    return (int) byId.values().stream().filter(e -> !e.stopped()).count();
  }

  /** The grant's entry, or null (tests). */
  MqttEntry entry(String grantId) {
    return byId.get(grantId);
  }

  /** How many MQTT clients are open (one per MQTT broker and topic filter). */
  public int subscriptions() {
    return subscriptions.size();
  }

  /** Whether every open MQTT client is connected and subscribed. */
  public boolean listening() {
    return subscriptions.values().stream().allMatch(MqttSubscription::listening);
  }

  private boolean ended(GrantStatus status) {
    Grant grant = status.grant();
    return status.revokedAt() != null
        || clock.getAsLong() > grant.notAfter()
        || status.calls() >= grant.maxCalls()
        || status.spend() >= grant.maxSpend();
  }

  private synchronized void subscribe(MqttEntry entry) {
    if (closed || entry.stopped()) {
      return;
    }
    MqttSubscription subscription = subscriptions.get(entry.subscription());
    if (subscription == null) {
      try {
        subscription =
            new MqttSubscription(brokerId, entry.url, entry.topic, this::arrived, retries);
      } catch (MqttException | IllegalArgumentException e) {
        entry.stop();
        LOG.warn("MQTT grant {} cannot listen at {}: {}", id(entry), entry.url, e.getMessage());
        return;
      }
      subscriptions.put(entry.subscription(), subscription);
      subscription.connect();
    }
    subscription.add(entry);
    LOG.info("MQTT grant {} listens on {} at {}", id(entry), entry.topic, entry.url);
  }

  private synchronized void stop(MqttEntry entry, String why) {
    if (!entry.stop()) {
      return;
    }
    LOG.info("MQTT grant {} on {} stops: {}", id(entry), entry.topic, why);
    MqttSubscription subscription = subscriptions.get(entry.subscription());
    if (subscription != null && subscription.remove(entry) && !closed) {
      subscriptions.remove(entry.subscription());
      retries.execute(subscription::close);
    }
  }

  /**
   * On Paho's thread: queues the message's firings, which run on the pool, so Paho's thread never
   * waits for a run, and a grant's messages keep their order.
   */
  private void arrived(MqttSubscription subscription, String topic, MqttMessage message) {
    if (closed) {
      return; // not acknowledged: the MQTT broker delivers it again to the next session
    }
    fireAll(subscription, topic, message);
  }

  /**
   * Queues the message's firing for every grant of the subscription (each grant fires one at a
   * time, {@link MqttEntry#enqueue}) and acknowledges it once the last has run.
   */
  private void fireAll(MqttSubscription subscription, String topic, MqttMessage message) {
    List<MqttEntry> grants = subscription.grants();
    byte[] payload = message.getPayload();
    if (payload.length > Limits.MAX_PAYLOAD_BYTES) {
      for (MqttEntry entry : grants) {
        outcomes.accept(CronTriggers.REFUSED);
        LOG.warn(
            "MQTT grant {}: a message on {} of {} bytes is refused, the limit is {}",
            id(entry),
            topic,
            payload.length,
            Limits.MAX_PAYLOAD_BYTES);
      }
      subscription.ack(message);
      return;
    }
    AtomicInteger left = new AtomicInteger(grants.size());
    if (grants.isEmpty()) {
      subscription.ack(message);
    }
    for (MqttEntry entry : grants) {
      entry.enqueue(
          () -> {
            try {
              fire(entry, topic, message);
            } finally {
              if (left.decrementAndGet() == 0) {
                subscription.ack(message);
              }
            }
          },
          runs);
    }
  }

  /** Fires one grant for one message, unless it stopped or the message is a redelivery. */
  void fire(MqttEntry entry, String topic, MqttMessage message) {
    if (entry.stopped()) {
      return;
    }
    Grant grant = entry.grant.grant();
    byte[] payload = message.getPayload();
    String key = RecentMessages.key(grant.grantId(), message.getId(), payload);
    if (!recent.admit(key, message.isDuplicate())) {
      outcomes.accept(CronTriggers.REFUSED);
      LOG.info(
          "MQTT grant {}: message {} on {} was redelivered and is fired already; not again",
          grant.grantId(),
          message.getId(),
          topic);
      return;
    }
    long now = clock.getAsLong();
    long reserved;
    try {
      reserved = entry.grant.reserve(now);
    } catch (InvocationRefusedException e) {
      recent.forget(key);
      outcomes.accept(CronTriggers.REFUSED);
      Refusal why = e.refusal();
      if (why == Refusal.GRANT_EXHAUSTED
          || why == Refusal.GRANT_REVOKED
          || now > grant.notAfter()) {
        stop(entry, e.getMessage());
      }
      return;
    }
    try {
      InvocationResult result = firing.fire(grant, payload, reserved, "mqtt " + grant.grantId());
      if (result.status() == InvocationResult.Status.FAILED) {
        entry.grant.refused(reserved); // nothing is charged for a run nobody made
        recent.forget(key);
        failed(entry, topic, CronTriggers.FAILED, result.error());
      } else {
        entry.grant.ran(reserved, result.cost());
        outcomes.accept(CronTriggers.OK);
        if (entry.outage.recovered()) {
          LOG.info("MQTT grant {} on {} fires again", grant.grantId(), topic);
        }
      }
    } catch (InvocationRefusedException e) {
      entry.grant.refused(reserved);
      recent.forget(key);
      boolean throttled =
          e.refusal() == Refusal.TOO_MANY_IN_FLIGHT || e.refusal() == Refusal.QUOTA_EXCEEDED;
      failed(entry, topic, throttled ? CronTriggers.REFUSED : CronTriggers.FAILED, e.getMessage());
    } catch (RuntimeException e) {
      entry.grant.refused(reserved);
      recent.forget(key);
      failed(entry, topic, CronTriggers.FAILED, e.getMessage());
    }
  }

  private void failed(MqttEntry entry, String topic, String outcome, String why) {
    outcomes.accept(outcome);
    if (entry.outage.failedFirst()) {
      LOG.warn(
          "MQTT grant {}: a message on {} did not fire ({}); it goes on, logged again once it"
              + " recovers",
          id(entry),
          topic,
          why);
    }
  }

  private static String id(MqttEntry entry) {
    return entry.grant.grant().grantId();
  }

  /**
   * Takes no more messages, lets firings under way finish and acknowledge theirs (five seconds at
   * most), then unsubscribes and disconnects. A message not acknowledged comes again to the next
   * session.
   */
  @Override
  public void close() {
    List<MqttSubscription> open;
    synchronized (this) {
      closed = true;
      open = List.copyOf(subscriptions.values());
      subscriptions.clear();
    }
    runs.shutdown();
    try {
      runs.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    retries.shutdownNow();
    open.forEach(MqttSubscription::close);
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
