package io.edgemarket.sdk;

import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.sdk.Discrepancy.Kind;
import java.math.BigInteger;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Checks the books: all balances, the issuer's negative one included, sum to zero (money is only
 * moved, never made, except by issuing); replaying the journal gives every account exactly its
 * balance; and each settlement's journal entry moves exactly what its proven receipts justify.
 */
final class BooksAudit {
  /** The journal kind of settlement entries; their reference is the batch id. */
  static final String SETTLEMENT = "settlement";

  private final Pager pager;
  private final Consumer<Discrepancy> found;
  private int accounts;
  private long journalEntries;

  BooksAudit(LedgerGateway ledger, int pageSize, Consumer<Discrepancy> found) {
    this.pager = new Pager(ledger, pageSize);
    this.found = found;
  }

  void audit(Map<String, Map<String, Long>> expectedPostings, Consumer<String> progress)
      throws LedgerException {
    Map<String, Long> listed = new TreeMap<>();
    pager.each(
        Transactions.LIST_ACCOUNTS,
        Records.Balance.class,
        balance -> {
          if (balance.accountId() == null
              || listed.put(balance.accountId(), balance.balance()) != null) {
            found.accept(
                ReceiptAudit.d(Kind.MALFORMED_RECORD, balance.accountId(), "listed twice"));
          }
        });
    accounts = listed.size();
    // Summed without overflow: a wrapped sum could come out as zero.
    BigInteger sum =
        listed.values().stream().map(BigInteger::valueOf).reduce(BigInteger.ZERO, BigInteger::add);
    if (sum.signum() != 0) {
      found.accept(
          ReceiptAudit.d(Kind.CONSERVATION, "accounts", "balances sum to " + sum + ", not 0"));
    }
    progress.accept("accounts: " + accounts + ", balances sum to " + sum);

    Map<String, Long> replayed = new TreeMap<>();
    Map<String, Map<String, Long>> unmatched = new TreeMap<>(expectedPostings);
    pager.each(
        Transactions.LIST_JOURNAL,
        Records.JournalEntry.class,
        entry -> replay(entry, replayed, unmatched));
    unmatched.forEach(
        (batchId, postings) -> {
          if (!postings.isEmpty()) {
            found.accept(
                ReceiptAudit.d(
                    Kind.SETTLEMENT_POSTINGS_MISMATCH, batchId, "no journal entry pays it"));
          }
        });
    TreeSet<String> all = new TreeSet<>(listed.keySet());
    all.addAll(replayed.keySet());
    for (String account : all) {
      long balance = listed.getOrDefault(account, 0L);
      long journal = replayed.getOrDefault(account, 0L);
      if (balance != journal) {
        found.accept(
            ReceiptAudit.d(
                Kind.JOURNAL_MISMATCH,
                account,
                "balance " + balance + ", journal postings give " + journal));
      }
    }
    progress.accept("journal: " + journalEntries + " entries replayed");
  }

  private void replay(
      Records.JournalEntry entry,
      Map<String, Long> replayed,
      Map<String, Map<String, Long>> unmatched) {
    journalEntries++;
    if (entry.postings() == null) {
      found.accept(
          ReceiptAudit.d(Kind.MALFORMED_RECORD, entry.txId(), "journal entry without postings"));
      return;
    }
    Map<String, Long> moved = new TreeMap<>();
    for (Records.Posting p : entry.postings()) {
      if (p.from() == null || p.to() == null || p.amount() <= 0 || p.from().equals(p.to())) {
        found.accept(ReceiptAudit.d(Kind.MALFORMED_RECORD, entry.txId(), "bad posting " + p));
        continue;
      }
      replayed.merge(p.from(), -p.amount(), Long::sum);
      replayed.merge(p.to(), p.amount(), Long::sum);
      BatchAudit.post(moved, p.from(), p.to(), p.amount());
    }
    if (SETTLEMENT.equals(entry.kind())) {
      Map<String, Long> expected = unmatched.remove(entry.reference());
      if (!Objects.equals(expected, moved)) {
        found.accept(
            ReceiptAudit.d(
                Kind.SETTLEMENT_POSTINGS_MISMATCH,
                entry.reference(),
                expected == null
                    ? "journal entry " + entry.txId() + " settles a batch the ledger does not hold"
                    : "journal moved " + moved + ", receipts justify " + expected));
      }
    }
  }

  int accounts() {
    return accounts;
  }

  long journalEntries() {
    return journalEntries;
  }
}
