package io.edgemarket.chaincode;

import io.edgemarket.model.Role;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.BridgeRecords.Withdrawal;
import io.edgemarket.model.ledger.Records.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Where withdrawals are kept: the record under {@code WITHDRAWAL~id}, and two indexes holding the
 * id: {@code WDSTATUS~status~chainId~order~id} (what the bridge lists: PENDING ones in nonce order
 * per chain, WAITING ones in payableAt order) and {@code WDOWNER~accountId~id} (a participant's
 * own).
 */
final class WithdrawalIndex {
  private static final Set<String> STATUSES =
      Set.of(Withdrawal.WAITING, Withdrawal.PENDING, Withdrawal.PAID);

  private WithdrawalIndex() {}

  static Withdrawal find(ChaincodeStub stub, String withdrawalId) {
    return State.read(stub, key(stub, withdrawalId), Withdrawal.class);
  }

  static Withdrawal require(ChaincodeStub stub, String withdrawalId) {
    Withdrawal withdrawal = find(stub, Args.id("withdrawalId", withdrawalId));
    if (withdrawal == null) {
      throw Errors.notFound("no withdrawal " + withdrawalId);
    }
    return withdrawal;
  }

  /** Writes a new withdrawal ({@code before} null) or its next status, indexes kept in step. */
  static void write(ChaincodeStub stub, Withdrawal before, Withdrawal after) {
    if (before == null) {
      State.write(
          stub,
          Keys.of(stub, Keys.WITHDRAWAL_BY_OWNER, after.accountId(), after.withdrawalId()),
          after.withdrawalId());
    } else {
      stub.delState(statusKey(stub, before));
    }
    State.write(stub, statusKey(stub, after), after.withdrawalId());
    State.write(stub, key(stub, after.withdrawalId()), after);
  }

  /**
   * bridge:ListWithdrawals: the bridge, auditor and admin page over every withdrawal in a status
   * (blank: refused, one status at a time); anyone else over its own, those in {@code status}
   * (blank: all), so a page may hold fewer than {@code pageSize} while its bookmark is not empty.
   */
  static String list(Context ctx, String statusText, String pageSizeText, String bookmarkText) {
    Caller caller = Caller.registered(ctx);
    ChaincodeStub stub = ctx.getStub();
    String status = statusText == null ? "" : statusText.trim();
    if (!status.isEmpty() && !STATUSES.contains(status)) {
      throw Errors.badRequest("status must be one of " + STATUSES + ": " + status);
    }
    int pageSize = Args.pageSize(pageSizeText);
    String bookmark = Args.bookmark(bookmarkText);
    boolean everyone = caller.is(Role.BRIDGE, Role.AUDITOR, Role.ADMIN);
    if (everyone && status.isEmpty()) {
      throw Errors.badRequest("status is required when listing everyone's withdrawals");
    }
    Rows.Slice slice =
        everyone
            ? Rows.page(stub, pageSize, bookmark, Keys.WITHDRAWAL_BY_STATUS, status)
            : Rows.page(stub, pageSize, bookmark, Keys.WITHDRAWAL_BY_OWNER, caller.id());
    List<Withdrawal> records = new ArrayList<>();
    for (Rows.Row row : slice.rows()) {
      Withdrawal w = find(stub, Json.read(row.value(), String.class));
      if (w != null && (status.isEmpty() || status.equals(w.status()))) {
        records.add(w);
      }
    }
    return Json.write(new Page<>(records, slice.bookmark()));
  }

  private static String key(ChaincodeStub stub, String withdrawalId) {
    return Keys.of(stub, Keys.WITHDRAWAL, withdrawalId);
  }

  private static String statusKey(ChaincodeStub stub, Withdrawal w) {
    long order = w.nonce() != null ? w.nonce() : w.payableAt();
    return Keys.of(
        stub,
        Keys.WITHDRAWAL_BY_STATUS,
        w.status(),
        Long.toString(w.chainId()),
        Keys.millis(order),
        w.withdrawalId());
  }
}
