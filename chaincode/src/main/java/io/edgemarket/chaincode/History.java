package io.edgemarket.chaincode;

import io.edgemarket.model.Role;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Records.HistoryEntry;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;

/**
 * Every committed version of one ledger value, in the order the ledger's history gives them. For an
 * account this is its base key, which changes when the account pays out; the journal has every
 * movement.
 */
final class History {
  private History() {}

  static String of(Context ctx, String kind, String id) {
    Caller.registered(ctx).require(Role.AUDITOR, Role.ADMIN);
    ChaincodeStub stub = ctx.getStub();
    String key = key(stub, kind == null ? "" : kind, id);
    List<HistoryEntry> entries = new ArrayList<>();
    try (QueryResultsIterator<KeyModification> versions = stub.getHistoryForKey(key)) {
      for (KeyModification version : versions) {
        byte[] value = version.getValue();
        boolean deleted = version.isDeleted();
        entries.add(
            new HistoryEntry(
                version.getTxId(),
                version.getTimestamp() == null ? 0 : version.getTimestamp().toEpochMilli(),
                deleted,
                deleted || value == null || value.length == 0
                    ? null
                    : Json.tree(version.getStringValue())));
      }
    }
    return Json.write(entries);
  }

  private static String key(ChaincodeStub stub, String kind, String id) {
    return switch (kind) {
      case "participant" -> Keys.of(stub, Keys.PARTICIPANT, Args.id("id", id));
      case "offer" -> Keys.of(stub, Keys.OFFER, Args.id("id", id));
      case "function" -> {
        int slash = Args.id("id", id).lastIndexOf('/');
        if (slash <= 0 || slash == id.length() - 1) {
          throw Errors.badRequest("a function id is ownerId/name: " + id);
        }
        yield Keys.of(stub, Keys.FUNCTION, id.substring(0, slash), id.substring(slash + 1));
      }
      case "account" -> Keys.of(stub, Keys.ACCOUNT, Args.id("id", id));
      case "receipt" -> Keys.of(stub, Keys.RECEIPT, Args.id("id", id));
      case "batch" -> Keys.of(stub, Keys.BATCH, Args.id("id", id));
      case "config" -> Keys.of(stub, Keys.CONFIG, Keys.MARKET);
      default ->
          throw Errors.badRequest(
              "kind must be participant, offer, function, account, receipt, batch or config");
    };
  }
}
