package io.edgemarket.broker.trigger;

import io.edgemarket.broker.invoke.InvocationRefusedException;
import io.edgemarket.broker.invoke.Refusal;
import io.edgemarket.model.GrantTrigger;
import io.edgemarket.model.ledger.Records.GrantStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The HTTP routes of the grants naming this broker, by owner (the grant's consumer) and route name.
 * Several grants may serve one route, each with its own key (a key is rotated by granting a new one
 * and revoking the old). Grants stay in the table when revoked, so their key is answered as revoked
 * rather than unknown.
 */
public final class RouteTable {
  private final String brokerId;
  private final Map<String, LiveGrant> byId = new ConcurrentHashMap<>();
  private final Map<String, List<LiveGrant>> byRoute = new ConcurrentHashMap<>();

  public RouteTable(String brokerId) {
    this.brokerId = brokerId;
  }

  /** Adds a grant or updates what the ledger says of it; ignores grants of other brokers. */
  public synchronized void upsert(GrantStatus status) {
    if (status == null || status.grant() == null || !brokerId.equals(status.grant().brokerId())) {
      return;
    }
    LiveGrant known = byId.get(status.grant().grantId());
    if (known != null) {
      known.update(status);
      return;
    }
    LiveGrant grant;
    try {
      grant = new LiveGrant(status);
    } catch (IllegalArgumentException e) {
      return; // a trigger the ledger should not have taken: nothing can fire it
    }
    if (!grant.trigger().isRoute()) {
      return;
    }
    byId.put(grant.grant().grantId(), grant);
    byRoute
        .computeIfAbsent(
            routeKey(grant.grant().consumerId(), grant.trigger().routeName()),
            k -> new CopyOnWriteArrayList<>())
        .add(grant);
  }

  public void upsertAll(List<GrantStatus> grants) {
    grants.forEach(this::upsert);
  }

  /**
   * The grant of {@code owner}'s route {@code name} whose key {@code key} is, compared with every
   * grant of the route in constant time; refused alike whether the route exists or not.
   */
  LiveGrant match(String owner, String name, String key) {
    if (owner == null || name == null || !GrantTrigger.ROUTE_NAME.matcher(name).matches()) {
      throw new InvocationRefusedException(Refusal.NO_ROUTE, "no route can be named " + name);
    }
    LiveGrant found = null;
    for (LiveGrant grant : byRoute.getOrDefault(routeKey(owner, name), List.of())) {
      // No early exit: the time taken says nothing of which grant matched. A key granted twice
      // is answered by a grant still in force.
      if (grant.trigger().acceptsKey(key) && (found == null || found.revoked())) {
        found = grant;
      }
    }
    if (found == null) {
      throw new InvocationRefusedException(
          Refusal.ROUTE_KEY_REFUSED,
          "the X-Route-Key header is missing or not a key of this route");
    }
    return found;
  }

  /** How many grants the table holds (revoked ones included). */
  public int size() {
    return byId.size();
  }

  private static String routeKey(String owner, String name) {
    return owner + "\n" + name;
  }
}
