package io.edgemarket.broker.settle;

import io.edgemarket.broker.chain.MarketLedger;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.ledger.LedgerException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the accounts settlement pays (providers and this broker) cheap to read: every settled batch
 * credits each of them with a blind slip, which a balance read adds up, and the ledger refuses to
 * add up more than a bound (FOLD_REQUIRED). After {@link #FOLD_EVERY} paid batches an account's
 * slips are folded into its base with accounts:FoldCredits, well before that bound.
 */
final class SlipFolder {
  private static final Logger LOG = LoggerFactory.getLogger(SlipFolder.class);

  /** Paid batches between folds of one account; far below the ledger's bound of 2000 slips. */
  static final int FOLD_EVERY = 250;

  private final MarketLedger ledger;
  private final String brokerId;
  private final Map<String, Integer> unfolded = new HashMap<>();

  SlipFolder(MarketLedger ledger, String brokerId) {
    this.ledger = ledger;
    this.brokerId = brokerId;
  }

  /** Counts the slips a batch wrote and folds the accounts that reached the threshold. */
  void paid(List<Receipt> receipts, Collection<String> settledIds) {
    if (settledIds.isEmpty()) {
      return;
    }
    Map<String, Boolean> accounts = new HashMap<>();
    accounts.put(brokerId, true);
    for (Receipt receipt : receipts) {
      if (settledIds.contains(receipt.assignment().runId())) {
        accounts.put(receipt.providerId(), true);
      }
    }
    for (String account : accounts.keySet()) {
      if (unfolded.merge(account, 1, Integer::sum) >= FOLD_EVERY) {
        fold(account);
      }
    }
  }

  /** Folds now; an account the ledger says needs it, or one past the threshold. */
  void fold(String account) {
    try {
      int folded = ledger.fold(account);
      unfolded.remove(account);
      LOG.debug("folded {} credit slips of {}", folded, account);
    } catch (LedgerException e) {
      // Nothing is lost: the slips stay and the next batch tries again.
      LOG.warn("folding the credit slips of {} failed: {}", account, e.getMessage());
    }
  }
}
