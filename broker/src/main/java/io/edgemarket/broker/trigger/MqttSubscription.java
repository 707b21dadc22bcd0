package io.edgemarket.broker.trigger;

import io.edgemarket.model.crypto.Crypto;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT client, subscribed at QoS 1 to one topic filter at one MQTT broker for the grants that
 * name both. One client per filter, not per broker: MQTT 3.1.1 delivers a message once for each of
 * a session's subscriptions that match it (mosquitto 2 does), and a client cannot tell those copies
 * from two publications, so overlapping filters in one session would fire a grant twice.
 *
 * <p>The session is persistent (clean session off, a client id fixed by this broker, URL and
 * filter), acknowledgements are manual, so a message is acknowledged only once its firing was
 * taken; one not acknowledged is redelivered, flagged as a duplicate ({@link RecentMessages}). Paho
 * reconnects by itself once connected; a first connection that fails is tried again here.
 */
final class MqttSubscription implements MqttCallbackExtended {
  private static final Logger LOG = LoggerFactory.getLogger(MqttSubscription.class);
  private static final int MAX_RETRY_SECONDS = 30;

  /** Where messages go; called on Paho's thread, so it must hand them on at once. */
  interface Arrivals {
    void arrived(MqttSubscription subscription, String topic, MqttMessage message);
  }

  final String url;
  final String topic;
  private final MqttAsyncClient client;
  private final Arrivals arrivals;
  private final ScheduledExecutorService retries;
  private final Set<MqttEntry> grants = ConcurrentHashMap.newKeySet();
  private int retrySeconds = 1;
  private boolean unreachableLogged;
  private volatile boolean subscribed;
  private volatile boolean closed;

  MqttSubscription(
      String brokerId,
      String url,
      String topic,
      Arrivals arrivals,
      ScheduledExecutorService retries)
      throws MqttException {
    this.url = url;
    this.topic = topic;
    this.arrivals = arrivals;
    this.retries = retries;
    this.client = new MqttAsyncClient(url, clientId(brokerId, url, topic), new MemoryPersistence());
    client.setManualAcks(true);
    client.setCallback(this);
  }

  /** A client id of 23 characters, the longest every MQTT 3.1.1 server must accept. */
  static String clientId(String brokerId, String url, String topic) {
    String all = brokerId + "\n" + url + "\n" + topic;
    return "em" + Crypto.sha256Hex(all.getBytes(StandardCharsets.UTF_8)).substring(0, 21);
  }

  void add(MqttEntry grant) {
    grants.add(grant);
  }

  /** Removes a grant; true when none is left. */
  boolean remove(MqttEntry grant) {
    grants.remove(grant);
    return grants.isEmpty();
  }

  List<MqttEntry> grants() {
    return List.copyOf(grants);
  }

  /** Connected, and the MQTT broker acknowledged the subscription. */
  boolean listening() {
    return subscribed && client.isConnected();
  }

  synchronized void connect() {
    if (closed) {
      return;
    }
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(false);
    options.setAutomaticReconnect(true);
    options.setMaxReconnectDelay(MAX_RETRY_SECONDS * 1000);
    options.setConnectionTimeout(10);
    options.setKeepAliveInterval(30);
    try {
      client.connect(
          options,
          null,
          new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              unreachable(null);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              unreachable(e);
            }
          });
    } catch (MqttException e) {
      unreachable(e);
    }
  }

  /** A first connection failed (e == null: it succeeded): logs it once and tries again later. */
  private synchronized void unreachable(Throwable e) {
    if (e == null) {
      retrySeconds = 1;
      unreachableLogged = false;
      return;
    }
    if (closed) {
      return;
    }
    if (!unreachableLogged) {
      unreachableLogged = true;
      LOG.warn(
          "MQTT broker {} unreachable for topic {} ({}); trying again every {} s at most",
          url,
          topic,
          e.getMessage(),
          MAX_RETRY_SECONDS);
    }
    retries.schedule(this::connect, retrySeconds, TimeUnit.SECONDS);
    retrySeconds = Math.min(retrySeconds * 2, MAX_RETRY_SECONDS);
  }

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {
    String how = reconnect ? "reconnected" : "connected";
    try {
      client.subscribe(
          topic,
          1,
          null,
          new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              int[] granted = token.getGrantedQos();
              if (granted != null && granted.length > 0 && granted[0] > 2) {
                LOG.warn("MQTT broker {} refused the subscription to {}", url, topic);
                return;
              }
              subscribed = true;
              LOG.info("MQTT {} to {}, subscribed to {}", how, url, topic);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              LOG.warn("MQTT subscription to {} at {} failed: {}", topic, url, e.getMessage());
            }
          });
    } catch (MqttException e) {
      LOG.warn("MQTT subscription to {} at {} failed: {}", topic, url, e.getMessage());
    }
  }

  @Override
  public void connectionLost(Throwable cause) {
    subscribed = false;
    if (!closed) {
      LOG.warn("MQTT connection to {} lost ({}); reconnecting", url, cause.getMessage());
    }
  }

  @Override
  public void messageArrived(String messageTopic, MqttMessage message) {
    arrivals.arrived(this, messageTopic, message);
  }

  @Override
  public void deliveryComplete(IMqttDeliveryToken token) {}

  /** Acknowledges a message: the MQTT broker will not deliver it again. */
  void ack(MqttMessage message) {
    try {
      client.messageArrivedComplete(message.getId(), message.getQos());
    } catch (MqttException | RuntimeException e) {
      // The connection is gone: the message comes again, flagged as a duplicate.
      LOG.debug("MQTT ack of message {} on {} failed: {}", message.getId(), url, e.getMessage());
    }
  }

  /** Unsubscribes and disconnects; waits a few seconds at most. */
  void close() {
    synchronized (this) {
      closed = true;
    }
    try {
      if (client.isConnected()) {
        client.unsubscribe(topic).waitForCompletion(2_000);
        client.disconnect(1_000).waitForCompletion(2_000);
      }
    } catch (MqttException e) {
      LOG.debug("MQTT disconnect from {} failed: {}", url, e.getMessage());
    } finally {
      try {
        client.disconnectForcibly(0, 1_000, false);
      } catch (MqttException e) {
        // already disconnected
      }
      try {
        client.close(true);
      } catch (MqttException e) {
        LOG.debug("MQTT client for {} did not close: {}", url, e.getMessage());
      }
    }
  }
}
