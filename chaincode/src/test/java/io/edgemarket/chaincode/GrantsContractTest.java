package io.edgemarket.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Grant;
import io.edgemarket.model.GrantTrigger;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.GrantStatus;
import io.edgemarket.testing.InvocationSamples;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** grants:PublishGrant, RevokeGrant, GetGrant and ListGrants: who may do what. */
class GrantsContractTest {
  private final Market market = new Market().trading();
  private final Granting granting = new Granting(market);

  @Test
  void itsConsumerPublishesAGrantWithCountersAtZero() {
    Grant grant = granting.grant(market.consumer, "g-1", 500, 10, 5_000);
    GrantStatus status = granting.publish(grant);
    assertEquals(grant, status.grant());
    assertEquals(0, status.calls());
    assertEquals(0, status.spend());
    assertNull(status.revokedAt());
    assertEquals(status, granting.status("g-1"));
    failsToPublish(ErrorCodes.ALREADY_EXISTS, market.consumer, grant);
  }

  @Test
  void aGrantInAnotherConsumersNameOrSignedByAnotherKeyIsRefused() {
    Grant grant = granting.grant(market.consumer, "g-2", 500, 10, 5_000);
    failsToPublish(ErrorCodes.FORBIDDEN, market.consumer2, grant);
    Grant signedByOther =
        grant.withSignature(
            Base64.getEncoder().encodeToString(market.consumer2.sign(grant.signingPayload())));
    failsToPublish(ErrorCodes.BAD_SIGNATURE, market.consumer, signedByOther);
    failsToPublish(ErrorCodes.FORBIDDEN, market.broker, grant);
  }

  @Test
  void aConsumerMayGrantForAnotherOwnersLiveFunctionButNotForCodeThatIsNotRegistered() {
    String othersEcho = FunctionSpec.idOf(market.consumer.id(), "echo");
    granting.publish(
        Grant.sign(
            market.consumer2,
            "g-3",
            othersEcho,
            InvocationSamples.DIGEST,
            market.broker.id(),
            "route:x#" + "a".repeat(64),
            500,
            1,
            500,
            market.now(),
            market.now() + 60_000));
    Grant unknownCode =
        Grant.sign(
            market.consumer,
            "g-4",
            othersEcho,
            "b".repeat(64),
            market.broker.id(),
            "route:x#" + "a".repeat(64),
            500,
            1,
            500,
            market.now(),
            market.now() + 60_000);
    failsToPublish(ErrorCodes.NOT_FOUND, market.consumer, unknownCode);
    market.submit(market.consumer, ctx -> market.functions.retireFunction(ctx, othersEcho));
    failsToPublish(
        ErrorCodes.FUNCTION_RETIRED,
        market.consumer,
        granting.grant(market.consumer, "g-5", 500, 1, 500));
  }

  @Test
  void malformedTermsAreBadRequestsAndTheBrokerMustBeOne() {
    failsToPublish(
        ErrorCodes.BAD_REQUEST, market.consumer, granting.grant(market.consumer, "g", 500, 0, 5));
    failsToPublish(
        ErrorCodes.BAD_REQUEST, market.consumer, granting.grant(market.consumer, "g", -1, 1, 5));
    Grant mqtt =
        Grant.sign(
            market.consumer,
            "g-mqtt",
            FunctionSpec.idOf(market.consumer.id(), "echo"),
            InvocationSamples.DIGEST,
            market.broker.id(),
            "mqtt:tcp://m:1883#a/#/b",
            500,
            1,
            500,
            market.now(),
            market.now() + 60_000);
    failsToPublish(ErrorCodes.BAD_REQUEST, market.consumer, mqtt);
    Grant toProvider =
        Grant.sign(
            market.consumer,
            "g-prov",
            FunctionSpec.idOf(market.consumer.id(), "echo"),
            InvocationSamples.DIGEST,
            market.provider.id(),
            "route:x#" + "a".repeat(64),
            500,
            1,
            500,
            market.now(),
            market.now() + 60_000);
    failsToPublish(ErrorCodes.NOT_REGISTERED, market.consumer, toProvider);
  }

  @Test
  void aScheduleIsPublishedWhenItParsesAndFiresWithinItsWindow() {
    GrantStatus published =
        granting.publish(cron("g-cron", GrantTrigger.cron("*/1 * * * * *", null)));
    assertEquals("cron:*/1 * * * * *", published.grant().trigger());
    String message =
        failsToPublishWith(ErrorCodes.BAD_REQUEST, cron("g-bad", "cron:*/0 * * * * *"));
    assertTrue(message.contains("second field '*/0': the step must be 1..60"), message);
    message = failsToPublishWith(ErrorCodes.BAD_REQUEST, cron("g-five", "cron:* * * *"));
    assertTrue(message.contains("5 fields"), message);
    // 30 February never comes: such a grant could only sit on the ledger.
    message = failsToPublishWith(ErrorCodes.BAD_REQUEST, cron("g-never", "cron:0 0 30 2 *"));
    assertTrue(message.contains("never fires"), message);
  }

  @Test
  void aChainIsPublishedWhenItsUpstreamAndConditionParse() {
    String upstream = FunctionSpec.idOf(market.consumer.id(), "detector");
    String trigger = GrantTrigger.chain(upstream, "contains:ALERT");
    GrantStatus published = granting.publish(cron("g-chain", trigger));
    assertEquals("chain:" + upstream + ":contains:ALERT", published.grant().trigger());
    String message =
        failsToPublishWith(ErrorCodes.BAD_REQUEST, cron("g-cond", "chain:" + upstream + ":maybe"));
    assertTrue(message.contains("a condition is always, nonEmpty"), message);
    message = failsToPublishWith(ErrorCodes.BAD_REQUEST, cron("g-up", "chain:detector:always"));
    assertTrue(message.contains("<owner>/<name>"), message);
    message =
        failsToPublishWith(
            ErrorCodes.BAD_REQUEST, cron("g-json", "chain:" + upstream + ":json:/a=yes"));
    assertTrue(message.contains("JSON value"), message);
  }

  @Test
  void anMqttGrantIsPublishedWhenItsUrlAndTopicFilterAreWellFormed() {
    String trigger = GrantTrigger.mqtt("tcp://127.0.0.1:1883", "sensors/+/temp");
    assertEquals(trigger, granting.publish(cron("g-mqtt", trigger)).grant().trigger());
    String message =
        failsToPublishWith(ErrorCodes.BAD_REQUEST, cron("g-http", "mqtt:http://m:80#t"));
    assertTrue(message.contains("tcp|ssl"), message);
    message = failsToPublishWith(ErrorCodes.BAD_REQUEST, cron("g-wild", "mqtt:tcp://m:1883#a+"));
    assertTrue(message.contains("whole levels"), message);
  }

  private Grant cron(String grantId, String trigger) {
    return Grant.sign(
        market.consumer,
        grantId,
        FunctionSpec.idOf(market.consumer.id(), "echo"),
        InvocationSamples.DIGEST,
        market.broker.id(),
        trigger,
        500,
        3,
        1_500,
        market.now(),
        market.now() + 60_000);
  }

  private String failsToPublishWith(String code, Grant grant) {
    String json = Json.write(grant);
    return market.fails(code, market.consumer, ctx -> market.grants.publishGrant(ctx, json));
  }

  @Test
  void onlyItsConsumerRevokesItOnce() {
    granting.publish(granting.grant(market.consumer, "g-r", 500, 10, 5_000));
    market.fails(
        ErrorCodes.FORBIDDEN, market.consumer2, ctx -> market.grants.revokeGrant(ctx, "g-r"));
    market.fails(ErrorCodes.FORBIDDEN, market.broker, ctx -> market.grants.revokeGrant(ctx, "g-r"));
    GrantStatus revoked =
        Market.read(
            market.submit(market.consumer, ctx -> market.grants.revokeGrant(ctx, "g-r")),
            GrantStatus.class);
    assertEquals(market.now(), revoked.revokedAt());
    market.fails(
        ErrorCodes.GRANT_REVOKED, market.consumer, ctx -> market.grants.revokeGrant(ctx, "g-r"));
    market.fails(
        ErrorCodes.NOT_FOUND, market.consumer, ctx -> market.grants.revokeGrant(ctx, "none"));
  }

  @Test
  void aGrantIsReadByItsConsumerItsBrokerAuditorsAndAdminsOnly() {
    granting.publish(granting.grant(market.consumer, "g-a", 500, 10, 5_000));
    granting.publish(granting.grant(market.consumer2, "g-b", 500, 10, 5_000));
    for (Identity reader : new Identity[] {market.consumer, market.broker, market.admin}) {
      market.evaluate(reader, ctx -> market.grants.getGrant(ctx, "g-a"));
    }
    market.fails(ErrorCodes.FORBIDDEN, market.consumer2, ctx -> market.grants.getGrant(ctx, "g-a"));
    market.fails(ErrorCodes.FORBIDDEN, market.provider, ctx -> market.grants.getGrant(ctx, "g-a"));

    assertEquals(List.of("g-a"), listed(market.consumer, ""));
    assertEquals(List.of("g-b"), listed(market.consumer2, ""));
    assertEquals(List.of("g-a", "g-b"), listed(market.broker, ""));
    assertEquals(List.of("g-a", "g-b"), listed(market.auditor, ""));
    assertEquals(List.of("g-b"), listed(market.auditor, market.consumer2.id()));
    market.fails(
        ErrorCodes.FORBIDDEN,
        market.consumer,
        ctx -> market.grants.listGrants(ctx, market.consumer2.id()));
    market.fails(ErrorCodes.FORBIDDEN, market.provider, ctx -> market.grants.listGrants(ctx, ""));
  }

  private List<String> listed(Identity who, String participantId) {
    return Json.read(
            market.evaluate(who, ctx -> market.grants.listGrants(ctx, participantId)),
            new TypeReference<List<GrantStatus>>() {})
        .stream()
        .map(s -> s.grant().grantId())
        .toList();
  }

  private void failsToPublish(String code, Identity who, Grant grant) {
    String json = Json.write(grant);
    market.fails(code, who, ctx -> market.grants.publishGrant(ctx, json));
  }
}
