package io.edgemarket.sdk;

import java.util.Objects;

/**
 * One thing an audit found wrong: what kind of fault, the id of the record it concerns (a batch, an
 * invocation, an account), and a sentence saying what differs from what.
 */
public record Discrepancy(Kind kind, String id, String message) {

  /** Every kind of fault the auditor looks for. */
  public enum Kind {
    /** A ledger record is missing fields or cannot be parsed. */
    MALFORMED_RECORD,
    /** A batch's stored root is not the root of its stored leaves. */
    MERKLE_ROOT_MISMATCH,
    /** A batch's leaves are not one per settled or rejected receipt. */
    LEAF_COUNT_MISMATCH,
    /** A batch's totals are not the sums over its settled receipts. */
    BATCH_TOTAL_MISMATCH,
    /** A batch lists a receipt as settled that the ledger does not hold. */
    MISSING_RECEIPT,
    /** An invocation settled in more than one place. */
    DUPLICATE_SETTLEMENT,
    /** A receipt record names another batch, another invocation, or a leaf index out of range. */
    WRONG_BATCH,
    /** A receipt's leaf hash is not the batch leaf at its index. */
    LEAF_MISMATCH,
    /** A receipt's Merkle proof does not lead to its batch's root. */
    PROOF_INVALID,
    /** A signer is unregistered, has another role, or its certificate is not the market CA's. */
    UNKNOWN_PARTICIPANT,
    /** The receipt is not signed by the provider's registered certificate. */
    BAD_PROVIDER_SIGNATURE,
    /** The ticket is not signed by the consumer's registered certificate. */
    BAD_TICKET_SIGNATURE,
    /** A batch's broker signature is not its broker's over the batch id and root. */
    BAD_BATCH_SIGNATURE,
    /** In a batch its broker did not sign, an assignment is not signed by the batch's broker. */
    BAD_ASSIGNMENT_SIGNATURE,
    /** A paid receipt's status is neither OK nor FUNCTION_ERROR. */
    BAD_STATUS,
    /** The amount is not what the usage costs at the receipt's prices. */
    AMOUNT_INCONSISTENT,
    /** The amount exceeds what the consumer's ticket allowed. */
    OVER_MAX_PRICE,
    /** Provider share plus broker fee is not the amount (or one of them is negative). */
    SPLIT_MISMATCH,
    /** The broker fee is not the market's fee rate applied to the amount. */
    FEE_MISMATCH,
    /** A batch's journal postings are not the payments its receipts justify. */
    SETTLEMENT_POSTINGS_MISMATCH,
    /** The balances of all accounts, the issuer's included, do not sum to zero. */
    CONSERVATION,
    /** An account's balance is not the sum of its journal postings. */
    JOURNAL_MISMATCH,
    /**
     * The ledger no longer holds the block the checkpoint kept at the last audit names: its log was
     * cut off or rewritten, or it is another ledger.
     */
    LEDGER_CHECKPOINT,
    /**
     * A journal entry was submitted by someone without the authority for it: a credit not by an
     * admin, a settlement not by its batch's broker, a transfer not by the paying account.
     */
    UNAUTHORISED_ENTRY,
    /**
     * A dispute's recorded evidence does not verify: a receipt, ticket or assignment not signed by
     * its registered signer, runs of different tickets, or an input that is not the ticket's.
     */
    DISPUTE_EVIDENCE,
    /**
     * A resolved dispute's verdict does not follow from its record: a majority verdict that the
     * recorded runs do not give, a re-execution verdict not by an auditor, or slashed providers
     * that are not exactly those whose output differs from the correct one.
     */
    DISPUTE_VERDICT,
    /**
     * A {@code slash} journal entry that no resolved dispute justifies: no such dispute, another
     * resolver, money from a provider not found wrong or to another account than the consumer, or
     * more than the stake behind the wrong run's offer.
     */
    UNJUSTIFIED_SLASH
  }

  public Discrepancy {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return kind + " " + id + ": " + message;
  }
}
