package io.edgemarket.sdk;

import io.edgemarket.model.Role;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.sdk.Discrepancy.Kind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Checks the books: all balances, the issuer's negative one included, sum to zero (money is only
 * moved, never made, except by issuing); replaying the journal gives every account exactly its
 * balance; each settlement's journal entry moves exactly what its proven receipts justify; and
 * every entry that names who submitted it ({@code by}) was submitted by someone with the authority
 * for it: a credit by an admin, a settlement by its batch's broker, a transfer by the paying
 * account.
 */
final class BooksAudit {
  /** The journal kind of settlement entries; their reference is the batch id. */
  static final String SETTLEMENT = "settlement";

  static final String CREDIT = "credit";
  static final String TRANSFER = "transfer";

  private final Pager pager;
  private final RegisteredCertificates participants;
  private final Consumer<Discrepancy> found;
  private final List<Records.JournalEntry> signed = new ArrayList<>();
  private final List<Records.JournalEntry> slashes = new ArrayList<>();
  private int accounts;
  private long journalEntries;

  BooksAudit(
      LedgerGateway ledger,
      int pageSize,
      RegisteredCertificates participants,
      Consumer<Discrepancy> found) {
    this.pager = new Pager(ledger, pageSize);
    this.participants = participants;
    this.found = found;
  }

  /**
   * @param brokers the broker of each audited batch, which alone may settle it
   */
  void audit(
      Map<String, Map<String, Long>> expectedPostings,
      Map<String, String> brokers,
      Consumer<String> progress)
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
    for (Records.JournalEntry entry : signed) {
      authority(entry, brokers);
    }
    progress.accept(
        "journal: "
            + journalEntries
            + " entries replayed, "
            + signed.size()
            + " of them checked against who submitted them");
  }

  /** Whether the entry's submitter had the authority for its kind; unknown kinds pass. */
  private void authority(Records.JournalEntry entry, Map<String, String> brokers)
      throws LedgerException {
    String by = entry.by();
    String problem =
        switch (String.valueOf(entry.kind())) {
          case CREDIT -> {
            RegisteredCertificates.Entry who = participants.lookup(by);
            yield who.problemAs(by, Role.ADMIN.attributeValue()) == null
                ? null
                : "a credit (money made) by "
                    + by
                    + ", who is not an admin: "
                    + who.problemAs(by, Role.ADMIN.attributeValue());
          }
          case SETTLEMENT -> {
            String broker = brokers.get(entry.reference());
            yield broker == null || broker.equals(by)
                ? null
                : "settlement of " + entry.reference() + " by " + by + ", not its broker " + broker;
          }
          case TRANSFER ->
              entry.postings().stream().allMatch(p -> by.equals(p.from()))
                  ? null
                  : "a transfer by " + by + " out of an account that is not theirs";
          default -> null;
        };
    if (problem != null) {
      found.accept(ReceiptAudit.d(Kind.UNAUTHORISED_ENTRY, entry.txId(), problem));
    }
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
    if (entry.by() != null) {
      signed.add(entry);
    }
    if (DisputeAudit.SLASH.equals(entry.kind())) {
      slashes.add(entry); // checked against its dispute by DisputeAudit
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

  /** The journal's {@code slash} entries, in journal order. */
  List<Records.JournalEntry> slashes() {
    return slashes;
  }

  int accounts() {
    return accounts;
  }

  long journalEntries() {
    return journalEntries;
  }
}
