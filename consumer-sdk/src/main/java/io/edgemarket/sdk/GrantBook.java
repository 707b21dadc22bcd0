package io.edgemarket.sdk;

import io.edgemarket.model.Grant;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Grants as the ledger holds them, read once each ({@code grants:GetGrant}; a grant's terms never
 * change once published), for checking receipts of runs fired under one.
 */
final class GrantBook {
  private final LedgerGateway ledger;
  private final Map<String, Optional<Grant>> grants = new HashMap<>();

  GrantBook(LedgerGateway ledger) {
    this.ledger = ledger;
  }

  /** The grant, or empty when the ledger has none under that id. */
  synchronized Optional<Grant> find(String grantId) throws LedgerException {
    Optional<Grant> known = grants.get(grantId);
    if (known != null) {
      return known;
    }
    Optional<Grant> found;
    try {
      found =
          Optional.of(
              Records.read(
                      ledger.evaluate(Transactions.GET_GRANT, grantId), Records.GrantStatus.class)
                  .grant());
    } catch (LedgerException e) {
      if (!ErrorCodes.NOT_FOUND.equals(e.code())) {
        throw e;
      }
      found = Optional.empty();
    }
    grants.put(grantId, found);
    return found;
  }
}
