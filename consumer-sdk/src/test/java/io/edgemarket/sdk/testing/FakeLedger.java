package io.edgemarket.sdk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.model.merkle.MerkleTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory stand-in for the chaincode that answers the queries the SDK makes with the JSON
 * shapes chaincode/README.md documents. Its records are mutable JSON trees so that tests can tamper
 * with any field of a settled record and see whether the auditor notices. It checks nothing: it is
 * a store, not a ledger.
 */
public final class FakeLedger {
  /** Who is calling, as the chaincode sees it. */
  public record Caller(String id, String role, String mspId, String certificatePem) {
    public static Caller of(Identity identity) {
      return new Caller(
          identity.id(),
          identity.role().attributeValue(),
          identity.mspId(),
          identity.certificatePem());
    }
  }

  public final FakeBooks books = new FakeBooks(this);
  public final FakeGrants grants = new FakeGrants();
  final Map<String, ObjectNode> participants = new ConcurrentHashMap<>();
  final Map<String, String> functions = new ConcurrentHashMap<>();

  /** Each function's versions by digest, as first registered, in registration order. */
  final Map<String, Map<String, String>> versions = new ConcurrentHashMap<>();

  /** Transactions that answer FORBIDDEN, to model a ledger that hides something from a role. */
  public final Set<String> forbidden = ConcurrentHashMap.newKeySet();

  public volatile int feeBps = 500;

  /** When {@link #feeBps} was set, as config:GetConfig reports it. */
  public volatile long feeUpdatedAt = 0;

  public volatile boolean keepsHistory = false;

  /** The config key's history when {@link #keepsHistory}: {updatedAt, brokerFeeBps} pairs. */
  public final List<long[]> feeChanges = new ArrayList<>();

  public final List<String> calls = new ArrayList<>();

  /** A gateway that signs as {@code identity}. */
  public LedgerGateway as(Identity identity) {
    Caller caller = Caller.of(identity);
    return new LedgerGateway() {
      @Override
      public Identity identity() {
        return identity;
      }

      @Override
      public String submit(String transaction, String... args) throws LedgerException {
        return handle(caller, transaction, List.of(args));
      }

      @Override
      public String evaluate(String transaction, String... args) throws LedgerException {
        return handle(caller, transaction, List.of(args));
      }

      @Override
      public void close() {}
    };
  }

  public void register(Identity... identities) throws LedgerException {
    for (Identity identity : identities) {
      handle(Caller.of(identity), Transactions.REGISTER_PARTICIPANT, List.of());
    }
  }

  public synchronized String handle(Caller caller, String tx, List<String> args)
      throws LedgerException {
    calls.add(tx);
    if (forbidden.contains(tx)) {
      throw error(ErrorCodes.FORBIDDEN, caller.id() + " may not call " + tx);
    }
    if (!tx.equals(Transactions.REGISTER_PARTICIPANT) && !participants.containsKey(caller.id())) {
      throw error(ErrorCodes.NOT_REGISTERED, caller.id() + " must call RegisterParticipant");
    }
    return switch (tx) {
      case Transactions.REGISTER_PARTICIPANT -> registerParticipant(caller);
      case Transactions.GET_PARTICIPANT -> found(participants.get(args.get(0)), args.get(0));
      case Transactions.GET_CONFIG ->
          "{\"brokerFeeBps\":" + feeBps + ",\"updatedAt\":" + feeUpdatedAt + ",\"updatedBy\":null}";
      case Transactions.GET_HISTORY -> history();
      case Transactions.REGISTER_FUNCTION -> registerFunction(caller, args.get(0));
      case Transactions.GET_FUNCTION -> found(functions.get(args.get(0)), args.get(0));
      case Transactions.LIST_FUNCTIONS -> listFunctions(args.get(0));
      case Transactions.LIST_FUNCTION_VERSIONS -> listVersions(args.get(0));
      case Transactions.RETIRE_FUNCTION -> retireFunction(caller, args.get(0));
      case Transactions.GET_BALANCE -> books.balanceJson(args.get(0));
      case Transactions.LIST_ACCOUNTS -> page(books.accountList(), args);
      case Transactions.LIST_JOURNAL -> page(books.journal, args);
      case Transactions.LIST_BATCHES -> page(books.batchSummaries(), args);
      case Transactions.GET_BATCH -> found(books.batches.get(args.get(0)), args.get(0));
      case Transactions.GET_RECEIPT -> provenReceipt(args.get(0));
      case Transactions.LIST_DISPUTES -> page(List.of(), args);
      case Transactions.PUBLISH_GRANT -> grants.publish(caller, args.get(0));
      case Transactions.REVOKE_GRANT -> grants.revoke(caller, args.get(0));
      case Transactions.GET_GRANT -> grants.read(args.get(0));
      case Transactions.LIST_GRANTS -> grants.list(caller);
      default -> throw error(ErrorCodes.BAD_REQUEST, "fake ledger does not know " + tx);
    };
  }

  private String registerParticipant(Caller caller) {
    ObjectNode record = Json.mapper().createObjectNode();
    record.put("id", caller.id()).put("role", caller.role()).put("mspId", caller.mspId());
    record.put("certificatePem", caller.certificatePem()).put("registeredAt", 1);
    participants.putIfAbsent(caller.id(), record);
    return participants.get(caller.id()).toString();
  }

  /** The registered spec of {@code functionId} as JSON, or null. */
  public String function(String functionId) {
    return functions.get(functionId);
  }

  /** The participant record of {@code id}, to tamper with. */
  public ObjectNode participant(String id) {
    return participants.get(id);
  }

  private String registerFunction(Caller caller, String specJson) {
    FunctionSpec spec = Json.read(specJson, FunctionSpec.class).registeredBy(caller.id(), 42);
    String json = Json.write(spec);
    functions.put(spec.functionId(), json);
    versions
        .computeIfAbsent(spec.functionId(), id -> new java.util.LinkedHashMap<>())
        .putIfAbsent(spec.digest(), json);
    return json;
  }

  /** {@code functions:RetireFunction}, with the chaincode's refusals. */
  private String retireFunction(Caller caller, String functionId) throws LedgerException {
    FunctionSpec spec = Json.read(found(functions.get(functionId), functionId), FunctionSpec.class);
    if (!spec.ownerId().equals(caller.id())) {
      throw error(ErrorCodes.FORBIDDEN, "only its owner may retire " + functionId);
    }
    if (spec.retired()) {
      throw error(ErrorCodes.FUNCTION_RETIRED, functionId + " was already retired");
    }
    String json = Json.write(spec.retiredAt(43));
    functions.put(functionId, json);
    return json;
  }

  private String listVersions(String functionId) throws LedgerException {
    Map<String, String> kept = versions.get(functionId);
    found(kept, functionId);
    return "[" + String.join(",", kept.values()) + "]";
  }

  /** {@code functions:ListFunctions}: the owner's (blank: everyone's), in key order. */
  private String listFunctions(String ownerId) {
    return "["
        + String.join(
            ",",
            new java.util.TreeMap<>(functions)
                .entrySet().stream()
                    .filter(e -> ownerId.isBlank() || e.getKey().startsWith(ownerId + "/"))
                    .map(Map.Entry::getValue)
                    .toList())
        + "]";
  }

  private String history() throws LedgerException {
    if (!keepsHistory) {
      throw error(ErrorCodes.INTERNAL, "history not kept");
    }
    ArrayNode entries = Json.mapper().createArrayNode();
    for (long[] change : feeChanges) {
      ObjectNode entry = entries.addObject().put("txId", "cfg-" + change[0]);
      entry.put("timestamp", change[0]).put("isDelete", false);
      entry.putObject("value").put("brokerFeeBps", change[1]).put("updatedAt", change[0]);
    }
    return entries.toString();
  }

  /** {@code audit:GetReceipt}: the stored record plus a proof rebuilt from the stored leaves. */
  private String provenReceipt(String invocationId) throws LedgerException {
    ObjectNode record = books.receipts.get(invocationId);
    if (record == null) {
      throw error(ErrorCodes.NOT_FOUND, "no settled receipt " + invocationId);
    }
    ObjectNode batch = books.batches.get(record.get("batchId").asText());
    List<byte[]> leaves = new ArrayList<>();
    batch.get("leaves").forEach(leaf -> leaves.add(Crypto.unhex(leaf.asText())));
    ObjectNode proven = record.deepCopy();
    proven.set(
        "proof",
        Json.mapper().valueToTree(MerkleTree.of(leaves).proof(record.get("leafIndex").asInt())));
    proven.put("merkleRoot", batch.get("merkleRoot").asText());
    return proven.toString();
  }

  private static String found(Object record, String id) throws LedgerException {
    if (record == null) {
      throw error(ErrorCodes.NOT_FOUND, "no " + id);
    }
    return record.toString();
  }

  /**
   * The chaincode's paging: pageSize and an opaque bookmark (here an index) in; a short page ends.
   */
  private static String page(List<? extends JsonNode> all, List<String> args) {
    int size = Integer.parseInt(args.get(0));
    int from = args.get(1).isEmpty() ? 0 : Integer.parseInt(args.get(1));
    int to = Math.min(all.size(), from + size);
    ArrayNode records = Json.mapper().createArrayNode();
    all.subList(from, to).forEach(records::add);
    ObjectNode page = Json.mapper().createObjectNode();
    page.set("records", records);
    page.put("bookmark", to - from < size ? "" : Integer.toString(to));
    return page.toString();
  }

  static LedgerException error(String code, String message) {
    return new LedgerException(
        LedgerException.Phase.EVALUATE, code, "tx-fake", ErrorCodes.format(code, message));
  }
}
