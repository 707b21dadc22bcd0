package io.edgemarket.sdk.testing;

import io.edgemarket.model.Grant;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.Records.GrantStatus;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fake ledger's grants: published, listed, read and revoked with the chaincode's shapes and its
 * refusals of another consumer; no signature is checked.
 */
public final class FakeGrants {
  /** Grants by id, in id order, to read or tamper with. */
  public final Map<String, GrantStatus> grants = new TreeMap<>();

  String publish(FakeLedger.Caller caller, String json) throws LedgerException {
    Grant grant = Json.read(json, Grant.class);
    if (!caller.id().equals(grant.consumerId())) {
      throw FakeLedger.error(ErrorCodes.FORBIDDEN, "not " + caller.id() + "'s grant");
    }
    if (grants.containsKey(grant.grantId())) {
      throw FakeLedger.error(ErrorCodes.ALREADY_EXISTS, "grant " + grant.grantId());
    }
    GrantStatus status = new GrantStatus(grant, 44, null, 0, 0);
    grants.put(grant.grantId(), status);
    return Json.write(status);
  }

  String revoke(FakeLedger.Caller caller, String grantId) throws LedgerException {
    GrantStatus status = get(grantId);
    if (!caller.id().equals(status.grant().consumerId())) {
      throw FakeLedger.error(ErrorCodes.FORBIDDEN, "not " + caller.id() + "'s grant");
    }
    if (status.revokedAt() != null) {
      throw FakeLedger.error(ErrorCodes.GRANT_REVOKED, "grant " + grantId + " was revoked");
    }
    GrantStatus revoked =
        new GrantStatus(status.grant(), status.publishedAt(), 45L, status.calls(), status.spend());
    grants.put(grantId, revoked);
    return Json.write(revoked);
  }

  String read(String grantId) throws LedgerException {
    return Json.write(get(grantId));
  }

  String list(FakeLedger.Caller caller) {
    List<GrantStatus> mine =
        grants.values().stream()
            .filter(
                g ->
                    caller.id().equals(g.grant().consumerId())
                        || caller.id().equals(g.grant().brokerId()))
            .toList();
    return Json.write(mine);
  }

  private GrantStatus get(String grantId) throws LedgerException {
    GrantStatus status = grants.get(grantId);
    if (status == null) {
      throw FakeLedger.error(ErrorCodes.NOT_FOUND, "no grant " + grantId);
    }
    return status;
  }
}
