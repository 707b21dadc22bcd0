package io.edgemarket.broker.trigger;

/**
 * Whether a trigger's firings are failing now (no provider, the function redeployed), so that an
 * outage is logged once when it starts and once when it ends, not once per firing: a schedule
 * firing every second or a busy MQTT topic would otherwise fill the log.
 */
final class Outage {
  private boolean failing;

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
