package io.edgemarket.chaincode;

import io.edgemarket.model.Role;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Records.Decision;
import io.edgemarket.model.ledger.Records.Governance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The organisations that govern the market together, and which of them may hold each role ({@code
 * GOVERNANCE~market}). Until it is set the market is open: any trusted MSP may hold any role and
 * one admin decides alone, which is right for a single-organisation embedded ledger and nowhere
 * else. Setting it the first time needs an admin of every organisation it names; changing it later
 * needs an admin of every organisation that governs now and of every one it adds.
 */
final class Consortium {
  static final String ACTION = "governance";
  private static final Governance OPEN = new Governance(List.of(), Map.of(), 0, null);

  private Consortium() {}

  /** The stored governance, or null while the market is open. */
  static Governance read(ChaincodeStub stub) {
    return State.read(stub, key(stub), Governance.class);
  }

  static String get(Context ctx) {
    Caller.registered(ctx);
    Governance stored = read(ctx.getStub());
    return Json.write(stored == null ? OPEN : stored);
  }

  static String set(Context ctx, String governanceJson) {
    Caller admin = Caller.registered(ctx).require(Role.ADMIN);
    ChaincodeStub stub = ctx.getStub();
    Governance requested =
        validated(Args.json(governanceJson, Governance.class, "governance", "updatedAt"));
    Governance current = read(stub);
    List<String> needed = new ArrayList<>(requested.orgs());
    if (current != null) {
      current.orgs().stream().filter(o -> !needed.contains(o)).forEach(needed::add);
    }
    Decision decision =
        Approvals.approve(
            stub,
            admin,
            ACTION,
            "market@" + (current == null ? 0 : current.updatedAt()), // one per version
            Json.write(requested),
            needed);
    if (!Decision.DONE.equals(decision.status())) {
      return Json.write(decision);
    }
    Governance stored =
        new Governance(requested.orgs(), requested.roles(), State.now(stub), admin.id());
    State.write(stub, key(stub), stored);
    return Json.write(Approvals.done(decision, stored));
  }

  private static Governance validated(Governance g) {
    if (g.orgs().isEmpty() || g.orgs().size() > 16) {
      throw Errors.badRequest("orgs must name 1..16 organisations (MSP ids)");
    }
    for (String org : g.orgs()) {
      Args.id("org", org);
    }
    if (g.orgs().stream().distinct().count() != g.orgs().size()) {
      throw Errors.badRequest("orgs must not repeat");
    }
    Map<String, List<String>> roles = new TreeMap<>();
    for (Role role : Role.values()) {
      if (role == Role.ORDERER) {
        continue;
      }
      List<String> msps = g.roles().get(role.attributeValue());
      if (role == Role.BRIDGE && msps == null) {
        continue; // optional: a market without a bridge binds it nowhere, and refuses its certs
      }
      if (msps == null || msps.isEmpty()) {
        throw Errors.badRequest("roles must bind " + role.attributeValue() + " to some org");
      }
      for (String msp : msps) {
        if (!g.orgs().contains(msp)) {
          throw Errors.badRequest(role.attributeValue() + " is bound to " + msp + ", not an org");
        }
      }
      roles.put(role.attributeValue(), msps.stream().sorted().distinct().toList());
    }
    if (roles.size() != g.roles().size()) {
      throw Errors.badRequest("roles names an unknown role: " + g.roles().keySet());
    }
    return new Governance(g.orgs().stream().sorted().toList(), roles, 0, null);
  }

  private static String key(ChaincodeStub stub) {
    return Keys.of(stub, Keys.GOVERNANCE, Keys.MARKET);
  }
}
