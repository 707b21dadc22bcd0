package io.edgemarket.sdk;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The functions this client knows: how a name becomes an id, and the specs it registered or read
 * from the ledger, by id, kept: every invocation needs the code digest and price ceiling, and a
 * ledger query per invocation would double its latency. An entry is dropped when the broker says
 * the digest is no longer the registered one (a redeploy).
 */
final class KnownFunctions {
  /** The chaincode's rule for function names. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final LedgerGateway ledger;
  private final Identity owner;
  private final Map<String, FunctionSpec> specs = new ConcurrentHashMap<>();

  KnownFunctions(LedgerGateway ledger, Identity owner) {
    this.ledger = ledger;
    this.owner = owner;
  }

  /** {@code owner/name} for one of our own names; a name with a '/' is already a full id. */
  String idOf(String functionName) {
    Objects.requireNonNull(functionName, "functionName");
    if (functionName.contains("/")) {
      int slash = functionName.lastIndexOf('/');
      if (slash == 0 || !NAME.matcher(functionName.substring(slash + 1)).matches()) {
        throw new IllegalArgumentException("malformed function id: " + functionName);
      }
      return functionName;
    }
    return FunctionSpec.idOf(owner.id(), requireName(functionName));
  }

  static String requireName(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "function name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter"
              + " or digit: "
              + name);
    }
    return name;
  }

  FunctionSpec get(String functionId) throws LedgerException {
    FunctionSpec cached = specs.get(functionId);
    if (cached != null) {
      return cached;
    }
    String json = ledger.evaluate(Transactions.GET_FUNCTION, functionId);
    FunctionSpec spec;
    try {
      spec = Records.read(json, FunctionSpec.class);
    } catch (IllegalArgumentException e) {
      throw new LedgerException(
          LedgerException.Phase.EVALUATE,
          io.edgemarket.model.ledger.ErrorCodes.INTERNAL,
          null,
          "unreadable function " + functionId + ": " + e.getMessage(),
          e);
    }
    specs.put(functionId, spec);
    return spec;
  }

  void put(FunctionSpec spec) {
    specs.put(spec.functionId(), spec);
  }

  void forget(String functionId) {
    specs.remove(functionId);
  }
}
