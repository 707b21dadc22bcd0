package io.edgemarket.chaincode;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.edgemarket.model.CronSchedule;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Grant;
import io.edgemarket.model.GrantTrigger;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.GrantRecord;
import io.edgemarket.model.ledger.Records.GrantStatus;
import io.edgemarket.model.ledger.Records.GrantUsage;
import io.edgemarket.model.ledger.Records.Participant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Grants: a consumer's consent, signed once, to pay for runs its broker fires under it (model
 * {@link Grant}). Stored under {@code GRANT~grantId}, indexed by consumer ({@code
 * GRANTCONS~consumer~grantId}) and by broker ({@code GRANTBROKER~broker~grantId}) so each reads its
 * own with a partial-key scan; what settlement has paid under one is {@code GRANTUSE~grantId},
 * apart, so publishing and revoking never touch the key every paying batch rewrites.
 */
final class Grants {
  static final String PUBLISHED_EVENT = "GrantPublished";
  static final String REVOKED_EVENT = "GrantRevoked";

  private Grants() {}

  static GrantRecord find(ChaincodeStub stub, String grantId) {
    return Keys.isValidId(grantId)
        ? State.read(stub, Keys.of(stub, Keys.GRANT, grantId), GrantRecord.class)
        : null;
  }

  static GrantUsage usage(ChaincodeStub stub, String grantId) {
    GrantUsage usage = State.read(stub, Keys.of(stub, Keys.GRANT_USE, grantId), GrantUsage.class);
    return usage == null ? new GrantUsage(grantId, 0, 0) : usage;
  }

  /**
   * The caller (a consumer) publishes a grant it signed. It may grant for any registered function
   * version it could invoke, its own or another owner's, as long as the function is not retired: a
   * grant spends only the granting consumer's escrow.
   */
  static String publish(Context ctx, String grantJson) {
    Caller caller = Caller.registered(ctx).require(Role.CONSUMER);
    ChaincodeStub stub = ctx.getStub();
    Grant grant = Args.json(grantJson, Grant.class, "grant");
    String grantId = Args.id("grantId", grant.grantId());
    if (!caller.id().equals(grant.consumerId())) {
      throw Errors.forbidden("a grant is published by its consumer " + grant.consumerId());
    }
    validate(grant, State.now(stub));
    if (!grant.verify(Pem.certificate(caller.certificatePem()).getPublicKey())) {
      throw Errors.error(
          ErrorCodes.BAD_SIGNATURE, "grant " + grantId + " not signed by " + caller.id());
    }
    FunctionSpec latest = Functions.find(stub, grant.functionId());
    if (latest == null
        || Functions.version(stub, grant.functionId(), grant.functionDigest()) == null) {
      throw Errors.notFound(
          "function " + grant.functionId() + " has no version " + grant.functionDigest());
    }
    if (latest.retired()) {
      throw Errors.error(ErrorCodes.FUNCTION_RETIRED, grant.functionId() + " is retired");
    }
    Participant broker = Participants.find(stub, Args.id("brokerId", grant.brokerId()));
    if (broker == null || !broker.active() || !Role.BROKER.attributeValue().equals(broker.role())) {
      throw Errors.error(ErrorCodes.NOT_REGISTERED, "no active broker " + grant.brokerId());
    }
    String key = Keys.of(stub, Keys.GRANT, grantId);
    if (State.exists(stub, key)) {
      throw Errors.error(ErrorCodes.ALREADY_EXISTS, "grant " + grantId + " exists");
    }
    GrantRecord record = new GrantRecord(grant, State.now(stub), stub.getTxId(), null);
    State.write(stub, key, record);
    stub.putState(
        Keys.of(stub, Keys.GRANT_BY_CONSUMER, grant.consumerId(), grantId),
        grantId.getBytes(UTF_8));
    stub.putState(
        Keys.of(stub, Keys.GRANT_BY_BROKER, grant.brokerId(), grantId), grantId.getBytes(UTF_8));
    GrantStatus status = status(record, new GrantUsage(grantId, 0, 0));
    stub.setEvent(PUBLISHED_EVENT, Json.bytes(status));
    return Json.write(status);
  }

  /** Its consumer ends a grant at once: settlement pays nothing more under it. */
  static String revoke(Context ctx, String grantId) {
    Caller caller = Caller.registered(ctx);
    ChaincodeStub stub = ctx.getStub();
    GrantRecord record = require(stub, grantId);
    if (!caller.id().equals(record.grant().consumerId())) {
      throw Errors.forbidden("only its consumer " + record.grant().consumerId() + " may revoke it");
    }
    if (record.revoked()) {
      throw Errors.error(
          ErrorCodes.GRANT_REVOKED, "grant " + grantId + " was revoked at " + record.revokedAt());
    }
    GrantRecord revoked =
        new GrantRecord(record.grant(), record.publishedAt(), record.txId(), State.now(stub));
    State.write(stub, Keys.of(stub, Keys.GRANT, grantId), revoked);
    GrantStatus status = status(revoked, usage(stub, grantId));
    stub.setEvent(REVOKED_EVENT, Json.bytes(status));
    return Json.write(status);
  }

  /** One grant with its counters: for its consumer, the broker it names, auditors and admins. */
  static String get(Context ctx, String grantId) {
    Caller caller = Caller.registered(ctx);
    ChaincodeStub stub = ctx.getStub();
    GrantRecord record = require(stub, grantId);
    Grant grant = record.grant();
    if (!caller.id().equals(grant.consumerId())
        && !caller.id().equals(grant.brokerId())
        && !caller.is(Role.AUDITOR, Role.ADMIN)) {
      throw Errors.forbidden(grantId + " is not " + caller.id() + "'s to read");
    }
    return Json.write(status(record, usage(stub, grantId)));
  }

  /**
   * A consumer's own grants, a broker's (those naming it), or, for auditors and admins, those of
   * {@code participantId} (consumer or broker), every grant when it is blank.
   */
  static String list(Context ctx, String participantId) {
    Caller caller = Caller.registered(ctx);
    ChaincodeStub stub = ctx.getStub();
    boolean blank = participantId == null || participantId.isBlank();
    TreeSet<String> ids = new TreeSet<>();
    if (caller.is(Role.CONSUMER, Role.BROKER)) {
      if (!blank && !participantId.equals(caller.id())) {
        throw Errors.forbidden(caller.id() + " may list only its own grants");
      }
      String index = caller.is(Role.CONSUMER) ? Keys.GRANT_BY_CONSUMER : Keys.GRANT_BY_BROKER;
      Rows.all(stub, index, caller.id()).forEach(row -> ids.add(new String(row.value(), UTF_8)));
    } else if (caller.is(Role.AUDITOR, Role.ADMIN)) {
      if (blank) {
        Rows.all(stub, Keys.GRANT).forEach(row -> ids.add(grantIdOf(row)));
      } else {
        String id = Args.id("participantId", participantId);
        Rows.all(stub, Keys.GRANT_BY_CONSUMER, id)
            .forEach(row -> ids.add(new String(row.value(), UTF_8)));
        Rows.all(stub, Keys.GRANT_BY_BROKER, id)
            .forEach(row -> ids.add(new String(row.value(), UTF_8)));
      }
    } else {
      throw Errors.forbidden(caller.role().attributeValue() + "s hold no grants");
    }
    List<GrantStatus> grants = new ArrayList<>();
    for (String id : ids) {
      GrantRecord record = find(stub, id);
      if (record != null) {
        grants.add(status(record, usage(stub, id)));
      }
    }
    return Json.write(grants);
  }

  private static String grantIdOf(Rows.Row row) {
    return Json.read(row.value(), GrantRecord.class).grant().grantId();
  }

  private static GrantRecord require(ChaincodeStub stub, String grantId) {
    GrantRecord record = find(stub, Args.id("grantId", grantId));
    if (record == null) {
      throw Errors.notFound("no grant " + grantId);
    }
    return record;
  }

  private static GrantStatus status(GrantRecord record, GrantUsage usage) {
    return new GrantStatus(
        record.grant(), record.publishedAt(), record.revokedAt(), usage.calls(), usage.spend());
  }

  private static void validate(Grant grant, long now) {
    Args.id("consumerId", grant.consumerId());
    Args.id("functionId", grant.functionId());
    if (grant.functionDigest() == null || grant.signature() == null) {
      throw Errors.badRequest("a grant names its function's digest and carries its signature");
    }
    String trigger = grant.trigger();
    if (trigger == null || trigger.length() > GrantTrigger.MAX_LENGTH) {
      throw Errors.badRequest("trigger must be 1.." + GrantTrigger.MAX_LENGTH + " characters");
    }
    String problem;
    GrantTrigger parsed = null;
    try {
      parsed = GrantTrigger.parse(trigger);
      problem = parsed.problem();
    } catch (IllegalArgumentException e) {
      problem = e.getMessage();
    }
    if (problem != null) {
      throw Errors.badRequest(problem);
    }
    if (grant.maxPricePerCall() < 0 || grant.maxPricePerCall() > Money.MAX_AMOUNT) {
      throw Errors.badRequest("maxPricePerCall must be 0.." + Money.MAX_AMOUNT);
    }
    if (grant.maxCalls() < 1) {
      throw Errors.badRequest("maxCalls must be at least 1");
    }
    if (grant.maxSpend() < 1 || grant.maxSpend() > Money.MAX_SUPPLY) {
      throw Errors.badRequest("maxSpend must be 1.." + Money.MAX_SUPPLY);
    }
    if (grant.notBefore() < 0 || grant.notAfter() <= grant.notBefore() || grant.notAfter() <= now) {
      throw Errors.badRequest("the window notBefore..notAfter must be non-empty and not over");
    }
    if (parsed.isCron()) {
      requireFiresInWindow(parsed.schedule(), grant, now);
    }
  }

  /**
   * A schedule is bounded by construction: it fires at most once a second (its finest field) and at
   * most {@code maxCalls} times within the window, both required of every grant. What is left to
   * refuse is a schedule that would never fire within the window (e.g. 30 February), a grant that
   * could only ever sit there.
   */
  private static void requireFiresInWindow(CronSchedule schedule, Grant grant, long now) {
    Instant first = schedule.next(Instant.ofEpochMilli(Math.max(grant.notBefore(), now) - 1));
    if (first == null || first.toEpochMilli() > grant.notAfter()) {
      throw Errors.badRequest(
          "the schedule '"
              + schedule
              + "' never fires between now and notAfter "
              + grant.notAfter());
    }
  }
}
