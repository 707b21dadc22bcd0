package io.edgemarket.broker.trigger;

/**
 * One {@code mqtt:} grant of {@link MqttTriggers}: its grant, where it listens, and whether it
 * stopped for good (revoked, expired or exhausted) or keeps failing (logged once per outage). A
 * stopped entry is kept, so that reading the grant again from the ledger, whose counters may lag
 * this broker's, does not subscribe it again.
 */
final class MqttEntry {
  final LiveGrant grant;
  final String url;
  final String topic;
  private boolean stopped;
  private boolean failing;

  MqttEntry(LiveGrant grant) {
    this.grant = grant;
    this.url = grant.trigger().mqttUrl();
    this.topic = grant.trigger().topic();
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

  /** Marks a failure; true for the first of an outage. */
  synchronized boolean failedFirst() {
    boolean first = !failing;
    failing = true;
    return first;
  }

  /** Marks a success; true when it ends an outage. */
  synchronized boolean recovered() {
    boolean was = failing;
    failing = false;
    return was;
  }
}
