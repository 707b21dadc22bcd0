package io.edgemarket.chaincode;

import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.Balance;
import io.edgemarket.model.ledger.Records.CreditSlip;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * An account as committed on the ledger: a base value under {@code ACCT~id} plus the credit slips
 * ({@code CREDIT~id~txId}) written since the account last paid out. Credits are blind writes of new
 * keys, so any number of concurrent settlements can pay one provider without an MVCC conflict; only
 * a debit, which must see the whole balance to check coverage, reads the slips, and it then folds
 * them into the base so they do not pile up.
 */
record Holding(String accountId, long base, List<String> slipKeys, long slips, boolean more) {
  /**
   * The most slips a read adds up. Beyond it the read fails with FOLD_REQUIRED instead of reading
   * on: a balance read stays bounded, and no scan can be cut short silently by a peer's query limit
   * ({@code totalQueryLimit}). {@code accounts:FoldCredits} folds them into the base.
   */
  static final int MAX_SLIPS = 2000;

  /** The most slips one FoldCredits transaction folds. */
  static final int FOLD_CHUNK = 1000;

  static Holding read(ChaincodeStub stub, String accountId) {
    Holding holding = read(stub, accountId, MAX_SLIPS);
    if (holding.more()) {
      throw Errors.error(
          ErrorCodes.FOLD_REQUIRED,
          accountId
              + " has more than "
              + MAX_SLIPS
              + " unfolded credit slips; call accounts:FoldCredits");
    }
    return holding;
  }

  /** The base and at most {@code limit} slips; {@code more} says whether others remain. */
  static Holding read(ChaincodeStub stub, String accountId, int limit) {
    Balance stored = State.read(stub, Keys.of(stub, Keys.ACCOUNT, accountId), Balance.class);
    long base = stored == null ? 0 : stored.balance();
    List<String> keys = new ArrayList<>();
    long slips = 0;
    List<Rows.Row> rows = Rows.first(stub, limit + 1, Keys.CREDIT, accountId);
    for (Rows.Row row : rows.subList(0, Math.min(limit, rows.size()))) {
      keys.add(row.key());
      slips = Math.addExact(slips, Json.read(row.value(), CreditSlip.class).amount());
    }
    return new Holding(accountId, base, List.copyOf(keys), slips, rows.size() > limit);
  }

  long balance() {
    return Math.addExact(base, slips);
  }

  /** Writes {@code newBalance} as the base and deletes the slips this holding was read with. */
  void fold(ChaincodeStub stub, long newBalance) {
    for (String key : slipKeys) {
      stub.delState(key);
    }
    State.write(stub, Keys.of(stub, Keys.ACCOUNT, accountId), new Balance(accountId, newBalance));
  }
}
