package io.edgemarket.broker.chain;

import com.fasterxml.jackson.core.type.TypeReference;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records.Balance;
import io.edgemarket.model.ledger.Records.Dispute;
import io.edgemarket.model.ledger.Records.Page;
import io.edgemarket.model.ledger.Records.ReceiptQuery;
import io.edgemarket.model.ledger.Records.ReceiptRecord;
import io.edgemarket.model.ledger.Transactions;
import java.util.List;
import java.util.Optional;

/**
 * Ledger reads the broker makes as itself (an overseer: the chaincode lets it read receipts by
 * provider or consumer and list disputes) on behalf of one participant's web view (issue 15). The
 * broker decides whose data a caller gets; these only fetch it.
 */
public final class LedgerReads {
  private static final TypeReference<Page<ReceiptRecord>> RECEIPTS = new TypeReference<>() {};
  private static final TypeReference<Page<Dispute>> DISPUTES = new TypeReference<>() {};
  private static final TypeReference<List<FunctionSpec>> FUNCTIONS = new TypeReference<>() {};

  private final LedgerGateway gateway;

  public LedgerReads(LedgerGateway gateway) {
    this.gateway = gateway;
  }

  /** A page of settled receipts of a provider ({@code by} provider) or consumer, oldest first. */
  public Page<ReceiptRecord> receipts(
      String by, String id, long fromMs, long toMs, int pageSize, String bookmark)
      throws LedgerException {
    ReceiptQuery query = new ReceiptQuery(by, id, fromMs, toMs, pageSize, bookmark);
    return Json.read(gateway.evaluate(Transactions.QUERY_RECEIPTS, Json.write(query)), RECEIPTS);
  }

  /** A page of every dispute on the ledger. */
  public Page<Dispute> disputes(int pageSize, String bookmark) throws LedgerException {
    return Json.read(
        gateway.evaluate(
            Transactions.LIST_DISPUTES,
            Integer.toString(pageSize),
            bookmark == null ? "" : bookmark),
        DISPUTES);
  }

  /** The functions {@code ownerId} registered, each at its latest version. */
  public List<FunctionSpec> functions(String ownerId) throws LedgerException {
    return Json.read(gateway.evaluate(Transactions.LIST_FUNCTIONS, ownerId), FUNCTIONS);
  }

  /** Every version a function has had, oldest first. */
  public List<FunctionSpec> versions(String functionId) throws LedgerException {
    return Json.read(gateway.evaluate(Transactions.LIST_FUNCTION_VERSIONS, functionId), FUNCTIONS);
  }

  /** An account's balance (with its locked stake), or empty for an account the ledger lacks. */
  public Optional<Balance> balance(String accountId) throws LedgerException {
    try {
      return Optional.of(
          Json.read(gateway.evaluate(Transactions.GET_BALANCE, accountId), Balance.class));
    } catch (LedgerException e) {
      if (ErrorCodes.NOT_FOUND.equals(e.code()) || ErrorCodes.NOT_REGISTERED.equals(e.code())) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
