package io.edgemarket.sdk;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import java.util.List;

/**
 * The caller's functions on the ledger: listing them, one with its versions, retiring one. Reads go
 * to the ledger, never to {@link KnownFunctions}' cache, since another client may have redeployed
 * since.
 */
final class FunctionCatalog {
  private final LedgerGateway ledger;
  private final KnownFunctions functions;
  private final String ownerId;

  FunctionCatalog(LedgerGateway ledger, KnownFunctions functions, String ownerId) {
    this.ledger = ledger;
    this.functions = functions;
    this.ownerId = ownerId;
  }

  List<FunctionSpec> list() throws QueryException {
    return specs(evaluate(ownerId, Transactions.LIST_FUNCTIONS, ownerId), ownerId);
  }

  FunctionDetails details(String functionName) throws QueryException {
    String id = functions.idOf(functionName);
    FunctionSpec latest = read(evaluate(id, Transactions.GET_FUNCTION, id), id);
    List<FunctionSpec> versions = specs(evaluate(id, Transactions.LIST_FUNCTION_VERSIONS, id), id);
    return new FunctionDetails(latest, versions);
  }

  /**
   * Retires one of our functions on the ledger; the broker then refuses new invocations of it. The
   * kept spec is dropped so that this client's next invocation of it asks the ledger.
   */
  FunctionSpec retire(String functionName) throws DeployException {
    String id = functions.idOf(functionName);
    String json;
    try {
      json = ledger.submit(Transactions.RETIRE_FUNCTION, id);
    } catch (LedgerException e) {
      throw new DeployException(
          Failure.of(e.code()).id(id).transactionId(e.transactionId()),
          "retire " + id + ": " + e.getMessage(),
          e);
    } finally {
      functions.forget(id);
    }
    try {
      return Records.read(json, FunctionSpec.class);
    } catch (IllegalArgumentException e) {
      throw new DeployException(
          Failure.of(ErrorCodes.INTERNAL).id(id), "unreadable answer for " + id + ": " + e, e);
    }
  }

  private String evaluate(String concerned, String transaction, String... args)
      throws QueryException {
    try {
      return ledger.evaluate(transaction, args);
    } catch (LedgerException e) {
      throw new QueryException(
          Failure.of(e.code()).id(concerned).transactionId(e.transactionId()),
          concerned + ": " + e.getMessage(),
          e);
    }
  }

  private static FunctionSpec read(String json, String id) throws QueryException {
    try {
      return Records.read(json, FunctionSpec.class);
    } catch (IllegalArgumentException e) {
      throw unreadable(id, e);
    }
  }

  private static List<FunctionSpec> specs(String json, String id) throws QueryException {
    try {
      return List.of(Records.read(json, FunctionSpec[].class));
    } catch (IllegalArgumentException e) {
      throw unreadable(id, e);
    }
  }

  private static QueryException unreadable(String id, Exception e) {
    return new QueryException(
        Failure.of(ErrorCodes.INTERNAL).id(id), "unreadable answer for " + id + ": " + e, e);
  }
}
