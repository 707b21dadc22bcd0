package io.edgemarket.sdk;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Grant;
import io.edgemarket.model.GrantTrigger;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Records.GrantStatus;
import io.edgemarket.model.ledger.Transactions;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The caller's grants on the ledger: opening an HTTP route (a grant signed here, its key made here
 * and never sent anywhere but to the caller), listing them, revoking one (docs/triggers.md).
 */
final class Grants {
  private final LedgerGateway ledger;
  private final KnownFunctions functions;
  private final Identity identity;
  private final BrokerIdentity broker;
  private final URI brokerUrl;
  private final Duration timeout;

  Grants(
      LedgerGateway ledger,
      KnownFunctions functions,
      Identity identity,
      BrokerIdentity broker,
      URI brokerUrl,
      Duration timeout) {
    this.ledger = ledger;
    this.functions = functions;
    this.identity = identity;
    this.broker = broker;
    this.brokerUrl = brokerUrl;
    this.timeout = timeout;
  }

  RouteGrant createRoute(String functionName, String routeName, RouteOptions options)
      throws DeployException {
    if (routeName == null || !GrantTrigger.ROUTE_NAME.matcher(routeName).matches()) {
      throw new IllegalArgumentException(
          "routeName must match " + GrantTrigger.ROUTE_NAME.pattern() + ": " + routeName);
    }
    String key = GrantTrigger.newRouteKey();
    Grant grant = publish(functionName, "route-", GrantTrigger.route(routeName, key), options);
    return new RouteGrant(grant, url(routeName), key);
  }

  Grant createSchedule(String functionName, String expression, byte[] input, RouteOptions options)
      throws DeployException {
    return publish(functionName, "cron-", GrantTrigger.cron(expression, input), options);
  }

  Grant createChain(
      String functionName, String upstreamFunctionName, String condition, RouteOptions options)
      throws DeployException {
    String upstream = functions.idOf(upstreamFunctionName);
    try {
      functions.get(upstream); // a chain after a function that does not exist would never fire
    } catch (LedgerException e) {
      throw new DeployException(
          Failure.of(e.code()).id(upstream), upstream + ": " + e.getMessage(), e);
    }
    return publish(functionName, "chain-", GrantTrigger.chain(upstream, condition), options);
  }

  Grant createMqttTrigger(String functionName, String mqttUrl, String topic, RouteOptions options)
      throws DeployException {
    return publish(functionName, "mqtt-", GrantTrigger.mqtt(mqttUrl, topic), options);
  }

  /** Signs and publishes our grant for {@code functionName}'s version registered now. */
  private Grant publish(String functionName, String idPrefix, String trigger, RouteOptions options)
      throws DeployException {
    String id = functions.idOf(functionName);
    FunctionSpec spec;
    String brokerId;
    try {
      spec = functions.get(id);
      brokerId = broker.id(id, new Patience(timeout));
    } catch (LedgerException e) {
      throw new DeployException(Failure.of(e.code()).id(id), id + ": " + e.getMessage(), e);
    } catch (InvocationException e) {
      throw new DeployException(e.failure(), "the broker's id: " + e.getMessage(), e);
    }
    long now = System.currentTimeMillis();
    long maxPrice =
        options.maxPricePerCall() != null
            ? options.maxPricePerCall()
            : spec.maxPricePerInvocation();
    Grant grant =
        Grant.sign(
            identity,
            idPrefix + Crypto.randomHex(12),
            spec.functionId(),
            spec.digest(),
            brokerId,
            trigger,
            maxPrice,
            options.maxCalls(),
            options.maxSpend(),
            now,
            now + options.validFor().toMillis());
    try {
      ledger.submit(Transactions.PUBLISH_GRANT, Json.write(grant));
    } catch (LedgerException e) {
      throw new DeployException(
          Failure.of(e.code()).id(grant.grantId()).transactionId(e.transactionId()),
          "publish grant for " + id + ": " + e.getMessage(),
          e);
    }
    return grant;
  }

  List<GrantStatus> list() throws QueryException {
    String json;
    try {
      json = ledger.evaluate(Transactions.LIST_GRANTS, identity.id());
    } catch (LedgerException e) {
      throw new QueryException(
          Failure.of(e.code()).id(identity.id()).transactionId(e.transactionId()),
          "grants: " + e.getMessage(),
          e);
    }
    try {
      return List.of(Records.read(json, GrantStatus[].class));
    } catch (IllegalArgumentException e) {
      throw new QueryException(
          Failure.of(ErrorCodes.INTERNAL).id(identity.id()), "unreadable grants: " + e, e);
    }
  }

  GrantStatus revoke(String grantId) throws DeployException {
    String json;
    try {
      json = ledger.submit(Transactions.REVOKE_GRANT, grantId);
    } catch (LedgerException e) {
      throw new DeployException(
          Failure.of(e.code()).id(grantId).transactionId(e.transactionId()),
          "revoke " + grantId + ": " + e.getMessage(),
          e);
    }
    try {
      return Records.read(json, GrantStatus.class);
    } catch (IllegalArgumentException e) {
      throw new DeployException(
          Failure.of(ErrorCodes.INTERNAL).id(grantId), "unreadable answer: " + e, e);
    }
  }

  /** The URL of one of our routes on this client's broker. */
  URI url(String routeName) {
    String base = brokerUrl.toString().replaceAll("/+$", "");
    return URI.create(base + "/run/" + identity.id() + "/" + routeName);
  }
}
