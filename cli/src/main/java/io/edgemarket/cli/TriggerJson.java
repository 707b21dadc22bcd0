package io.edgemarket.cli;

import io.edgemarket.model.CronSchedule;
import io.edgemarket.model.Grant;
import io.edgemarket.model.GrantTrigger;
import io.edgemarket.model.ledger.Records.GrantStatus;
import io.edgemarket.sdk.RouteGrant;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    return withTerms(json, grant);
  }

  static Map<String, Object> scheduled(Grant grant, List<Instant> next) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("grantId", grant.grantId());
    json.put("schedule", schedule(grant));
    json.put("next", next.stream().map(Instant::toString).toList());
    return withTerms(json, grant);
  }

  /** What the grant allows, as the create commands print it: its function and its limits. */
  static List<String> termLines(Grant grant) {
    return List.of(
        "function    " + grant.functionId() + " (" + grant.functionDigest() + ")",
        "limits      "
            + grant.maxCalls()
            + " calls, "
            + grant.maxSpend()
            + " in all, "
            + grant.maxPricePerCall()
            + " per call, until "
            + Instant.ofEpochMilli(grant.notAfter()));
  }

  /** Adds what the grant allows (function, limits, window) to {@code json}, and returns it. */
  private static Map<String, Object> withTerms(Map<String, Object> json, Grant grant) {
    json.put("functionId", grant.functionId());
    json.put("functionDigest", grant.functionDigest());
    json.put("maxCalls", grant.maxCalls());
    json.put("maxSpend", grant.maxSpend());
    json.put("maxPricePerCall", grant.maxPricePerCall());
    json.put("notBefore", grant.notBefore());
    json.put("notAfter", grant.notAfter());
    return json;
  }

  static Map<String, Object> chained(Grant grant) {
    GrantTrigger trigger = GrantTrigger.parse(grant.trigger());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("grantId", grant.grantId());
    json.put("upstream", trigger.upstream());
    json.put("condition", trigger.condition().text());
    return withTerms(json, grant);
  }

  static Map<String, Object> subscribed(Grant grant) {
    GrantTrigger trigger = GrantTrigger.parse(grant.trigger());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("grantId", grant.grantId());
    json.put("mqttUrl", trigger.mqttUrl());
    json.put("topic", trigger.topic());
    return withTerms(json, grant);
  }

  /** A chain step's trigger, or null for a grant that is no chain step. */
  static GrantTrigger chain(Grant grant) {
    try {
      GrantTrigger trigger = GrantTrigger.parse(grant.trigger());
      return trigger.isChain() ? trigger : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** An MQTT grant's trigger, or null for a grant that is none. */
  static GrantTrigger mqtt(Grant grant) {
    try {
      GrantTrigger trigger = GrantTrigger.parse(grant.trigger());
      return trigger.isMqtt() ? trigger : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A schedule's expression, or null for a grant that is no schedule. */
  static String schedule(Grant grant) {
    try {
      GrantTrigger trigger = GrantTrigger.parse(grant.trigger());
      return trigger.isCron() ? trigger.schedule().expression() : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Up to {@code count} firings of a schedule's grant after {@code now}, within its window. */
  static List<Instant> nextFirings(Grant grant, long now, int count) {
    String expression = schedule(grant);
    List<Instant> next = new ArrayList<>();
    if (expression == null) {
      return next;
    }
    CronSchedule schedule = CronSchedule.parse(expression);
    Instant at = Instant.ofEpochMilli(Math.max(now, grant.notBefore() - 1));
    while (next.size() < count) {
      at = schedule.next(at);
      if (at == null || at.toEpochMilli() > grant.notAfter()) {
        break;
      }
      next.add(at);
    }
    return next;
  }

  /** A live schedule's next firing, or null: no schedule, or it will not fire again. */
  static Instant nextFiring(GrantStatus status, long now) {
    if (!"live".equals(status(status, now)) && !"pending".equals(status(status, now))) {
      return null;
    }
    List<Instant> next = nextFirings(status.grant(), now, 1);
    return next.isEmpty() ? null : next.get(0);
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
    String schedule = schedule(grant);
    if (schedule != null) {
      Instant next = nextFiring(status, now);
      json.put("schedule", schedule);
      json.put("nextFiring", next == null ? null : next.toString());
    }
    GrantTrigger chain = chain(grant);
    if (chain != null) {
      json.put("upstream", chain.upstream());
      json.put("condition", chain.condition().text());
    }
    GrantTrigger mqtt = mqtt(grant);
    if (mqtt != null) {
      json.put("mqttUrl", mqtt.mqttUrl());
      json.put("topic", mqtt.topic());
    }
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
