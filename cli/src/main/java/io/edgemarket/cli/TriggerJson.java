package io.edgemarket.cli;

import io.edgemarket.model.Grant;
import io.edgemarket.model.GrantTrigger;
import io.edgemarket.model.ledger.Records.GrantStatus;
import io.edgemarket.sdk.RouteGrant;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shapes and status words of the trigger commands. */
final class TriggerJson {
  private TriggerJson() {}

  static Map<String, Object> created(RouteGrant created) {
    Grant grant = created.grant();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("grantId", grant.grantId());
    json.put("url", created.url().toString());
    json.put("key", created.key());
    json.put("functionId", grant.functionId());
    json.put("functionDigest", grant.functionDigest());
    json.put("maxCalls", grant.maxCalls());
    json.put("maxSpend", grant.maxSpend());
    json.put("maxPricePerCall", grant.maxPricePerCall());
    json.put("notBefore", grant.notBefore());
    json.put("notAfter", grant.notAfter());
    return json;
  }

  /** One grant as {@code trigger list --json} prints it. */
  static Map<String, Object> listed(GrantStatus status, URI broker, long now) {
    Grant grant = status.grant();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("grantId", grant.grantId());
    json.put("status", status(status, now));
    json.put("kind", kind(grant));
    json.put("url", url(grant, broker));
    json.put("functionId", grant.functionId());
    json.put("functionDigest", grant.functionDigest());
    json.put("calls", status.calls());
    json.put("maxCalls", grant.maxCalls());
    json.put("spend", status.spend());
    json.put("maxSpend", grant.maxSpend());
    json.put("maxPricePerCall", grant.maxPricePerCall());
    json.put("notBefore", grant.notBefore());
    json.put("notAfter", grant.notAfter());
    json.put("revokedAt", status.revokedAt());
    return json;
  }

  /** live, revoked, expired (or not yet valid) or exhausted. */
  static String status(GrantStatus status, long now) {
    Grant grant = status.grant();
    if (status.revokedAt() != null) {
      return "revoked";
    }
    if (now < grant.notBefore()) {
      return "pending";
    }
    if (now > grant.notAfter()) {
      return "expired";
    }
    return status.live(now) ? "live" : "exhausted";
  }

  static String kind(Grant grant) {
    try {
      return GrantTrigger.parse(grant.trigger()).kind();
    } catch (IllegalArgumentException e) {
      return "?";
    }
  }

  /** The route's URL on {@code broker}, or null for a grant that is no route. */
  static String url(Grant grant, URI broker) {
    try {
      GrantTrigger trigger = GrantTrigger.parse(grant.trigger());
      if (!trigger.isRoute()) {
        return null;
      }
      String base = broker.toString().replaceAll("/+$", "");
      return base + "/run/" + grant.consumerId() + "/" + trigger.routeName();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
