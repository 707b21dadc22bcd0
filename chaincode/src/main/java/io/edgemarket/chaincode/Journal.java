package io.edgemarket.chaincode;

import io.edgemarket.model.ledger.Records.CreditSlip;
import io.edgemarket.model.ledger.Records.JournalEntry;
import io.edgemarket.model.ledger.Records.Posting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The money movements of one transaction. Postings are aggregated per (from, to) and applied once
 * at the end, so each account gets at most one write per transaction (Fabric keeps only the last
 * write to a key, and reads never see this transaction's own writes). Sorted maps keep the written
 * values identical on every endorser.
 */
final class Journal {
  static final String CREDIT = "credit";
  static final String TRANSFER = "transfer";
  static final String SETTLEMENT = "settlement";

  /** A dispute's verdict moving a wrong provider's stake to the consumer. */
  static final String SLASH = "slash";

  /** A chain's deposit credited to an account from the chain's clearing account. */
  static final String DEPOSIT = "deposit";

  /** An account's withdrawal to a chain, debited into the chain's clearing account. */
  static final String WITHDRAWAL = "withdrawal";

  private final Map<String, Map<String, Long>> amounts = new TreeMap<>();

  void post(String from, String to, long amount) {
    if (amount < 0 || from.equals(to)) {
      throw new IllegalStateException("bad posting " + from + " -> " + to + ": " + amount);
    }
    if (amount > 0) {
      amounts.computeIfAbsent(from, k -> new TreeMap<>()).merge(to, amount, Math::addExact);
    }
  }

  boolean isEmpty() {
    return amounts.isEmpty();
  }

  List<Posting> postings() {
    List<Posting> postings = new ArrayList<>();
    amounts.forEach(
        (from, tos) -> tos.forEach((to, amount) -> postings.add(new Posting(from, to, amount))));
    return postings;
  }

  /**
   * Writes {@code JOURNAL~txId} and each account's net change: accounts in {@code debited} (read
   * for a coverage check) get a new base, every other account a blind slip. Only the issuer may
   * take a negative slip; anyone else paying out must have been read first. {@code by} is who
   * submitted the transaction, so an auditor can check each entry's authority.
   */
  void commit(
      ChaincodeStub stub, String kind, String reference, Map<String, Holding> debited, String by) {
    if (isEmpty()) {
      return;
    }
    String txId = stub.getTxId();
    Map<String, Long> net = new TreeMap<>();
    for (Posting p : postings()) {
      net.merge(p.from(), Math.negateExact(p.amount()), Math::addExact);
      net.merge(p.to(), p.amount(), Math::addExact);
    }
    net.forEach(
        (account, delta) -> {
          Holding holding = debited.get(account);
          if (holding != null) {
            holding.fold(stub, Math.addExact(holding.balance(), delta));
          } else if (delta < 0 && !Keys.ISSUER.equals(account)) {
            throw new IllegalStateException(account + " pays out without a coverage check");
          } else if (delta != 0) {
            State.write(
                stub,
                Keys.of(stub, Keys.CREDIT, account, txId),
                new CreditSlip(account, txId, delta));
          }
        });
    State.write(
        stub,
        Keys.of(stub, Keys.JOURNAL, txId),
        new JournalEntry(txId, State.now(stub), kind, reference, postings(), by));
  }
}
