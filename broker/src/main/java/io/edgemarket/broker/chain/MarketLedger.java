package io.edgemarket.broker.chain;

import com.fasterxml.jackson.core.type.TypeReference;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Offer;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.SettlementBatch;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ConflictRetry;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records.Balance;
import io.edgemarket.model.ledger.Records.BatchRecord;
import io.edgemarket.model.ledger.Records.Dispute;
import io.edgemarket.model.ledger.Records.DisputeEvidence;
import io.edgemarket.model.ledger.Records.DisputeVerdict;
import io.edgemarket.model.ledger.Records.Fold;
import io.edgemarket.model.ledger.Records.GrantStatus;
import io.edgemarket.model.ledger.Records.Participant;
import io.edgemarket.model.ledger.Records.ProvenReceipt;
import io.edgemarket.model.ledger.Records.Reputation;
import io.edgemarket.model.ledger.Records.SettlementResult;
import io.edgemarket.model.ledger.Transactions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chaincode calls the broker makes as itself. Arguments and results are the chaincode's JSON
 * (see chaincode/README.md and {@code io.edgemarket.model.ledger.Records}); a NOT_FOUND answer is
 * an empty result here, every other failure stays a {@link LedgerException} with its code.
 */
public final class MarketLedger {
  private static final TypeReference<List<Offer>> OFFERS = new TypeReference<>() {};
  private static final TypeReference<List<GrantStatus>> GRANTS = new TypeReference<>() {};

  /** Versions kept; past it a version is read each time (only functions that exist get here). */
  private static final int MAX_VERSIONS = 10_000;

  private final LedgerGateway gateway;

  /**
   * Function versions by id and digest, once found. A version never changes once registered (the
   * chaincode's {@code FUNCVER~owner~name~digest}, SECURITY.md rule 3), so no event or expiry is
   * needed; a version not found is not kept, as it may be registered later.
   */
  private final Map<String, FunctionSpec> versions = new ConcurrentHashMap<>();

  public MarketLedger(LedgerGateway gateway) {
    this.gateway = gateway;
  }

  /**
   * Registers the gateway's identity unless the ledger already holds it with this certificate: a
   * restart then only reads, rather than adding a transaction to the ledger each time.
   */
  public Participant register() throws LedgerException {
    try {
      Optional<Participant> known = participant(gateway.identity().id());
      if (known.isPresent() && holdsOurCertificate(known.get())) {
        return known.get();
      }
    } catch (LedgerException e) {
      // Only participants may read the register: an unknown caller is told so, and registers.
      if (!ErrorCodes.NOT_REGISTERED.equals(e.code())) {
        throw e;
      }
    }
    // Participants register at the same time when a market starts: a lost race is tried again.
    return Json.read(
        ConflictRetry.submit(gateway, Transactions.REGISTER_PARTICIPANT), Participant.class);
  }

  private boolean holdsOurCertificate(Participant participant) {
    try {
      return Pem.certificate(participant.certificatePem()).equals(gateway.identity().certificate());
    } catch (IllegalArgumentException e) {
      return false; // the registration says what it must; submitting tells us
    }
  }

  public Optional<Participant> participant(String id) throws LedgerException {
    return notFoundAsEmpty(Transactions.GET_PARTICIPANT, id).map(j -> read(j, Participant.class));
  }

  public Optional<FunctionSpec> function(String functionId) throws LedgerException {
    return notFoundAsEmpty(Transactions.GET_FUNCTION, functionId)
        .map(j -> read(j, FunctionSpec.class));
  }

  /**
   * A function's version by code digest, as first registered with that code: read once, then kept
   * (immutable on the ledger).
   */
  public Optional<FunctionSpec> functionVersion(String functionId, String digest)
      throws LedgerException {
    String key = functionId + '\n' + digest;
    FunctionSpec known = versions.get(key);
    if (known != null) {
      return Optional.of(known);
    }
    try {
      FunctionSpec version =
          read(
              gateway.evaluate(Transactions.GET_FUNCTION_VERSION, functionId, digest),
              FunctionSpec.class);
      if (versions.size() < MAX_VERSIONS) {
        versions.put(key, version);
      }
      return Optional.of(version);
    } catch (LedgerException e) {
      if (ErrorCodes.NOT_FOUND.equals(e.code())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Offers that are live now (active and not expired). */
  public List<Offer> liveOffers() throws LedgerException {
    return Json.read(gateway.evaluate(Transactions.LIST_OFFERS, "false"), OFFERS);
  }

  /** Every grant naming this broker, revoked ones included, with its counters. */
  public List<GrantStatus> grants() throws LedgerException {
    return Json.read(gateway.evaluate(Transactions.LIST_GRANTS, ""), GRANTS);
  }

  public long balance(String accountId) throws LedgerException {
    String json = gateway.evaluate(Transactions.GET_BALANCE, accountId);
    return read(json, Balance.class).balance();
  }

  public SettlementResult settle(SettlementBatch batch) throws LedgerException {
    return read(
        gateway.submit(Transactions.SETTLE_BATCH, Json.write(batch)), SettlementResult.class);
  }

  /**
   * Folds an account's credit slips into its base until none are left, so its balance stays cheap
   * to read; moves no money. Returns how many slips were folded.
   */
  public int fold(String accountId) throws LedgerException {
    int folded = 0;
    for (int round = 0; round < 100; round++) {
      Fold fold = read(gateway.submit(Transactions.FOLD_CREDITS, accountId), Fold.class);
      folded += fold.folded();
      if (!fold.more()) {
        break;
      }
    }
    return folded;
  }

  /**
   * The batch a receipt was settled in, or empty when the ledger has not settled it. {@code runId}
   * is the invocation id for a primary run, {@code id#replica} for a redundant one.
   */
  public Optional<String> settledBatchOf(String runId) throws LedgerException {
    return notFoundAsEmpty(Transactions.GET_RECEIPT, runId)
        .map(j -> read(j, ProvenReceipt.class).batchId());
  }

  /**
   * The receipt the ledger settled under a run id, with its batch; empty when none was. On a shared
   * ledger the run id alone does not say it is the same receipt: compare the leaf hash.
   */
  public Optional<ProvenReceipt> settledReceipt(String runId) throws LedgerException {
    return notFoundAsEmpty(Transactions.GET_RECEIPT, runId).map(j -> read(j, ProvenReceipt.class));
  }

  /** A settled batch as the ledger recorded it, or empty when no batch has that id. */
  public Optional<BatchRecord> batch(String batchId) throws LedgerException {
    return notFoundAsEmpty(Transactions.GET_BATCH, batchId).map(j -> read(j, BatchRecord.class));
  }

  /**
   * Opens a dispute about one invocation: {@code evidence} is {@code {invocationId, receipts, input
   * (base64), reason}}, the receipts of every run compared.
   */
  public Dispute openDispute(DisputeEvidence evidence) throws LedgerException {
    return read(gateway.submit(Transactions.OPEN_DISPUTE, Json.write(evidence)), Dispute.class);
  }

  /**
   * Asks the ledger to resolve an open dispute from its evidence (a majority of runs by distinct
   * providers); {@code extraReceipts} are runs made after it was opened.
   */
  public Dispute resolveDispute(String invocationId, List<Receipt> extraReceipts)
      throws LedgerException {
    DisputeVerdict verdict = new DisputeVerdict(extraReceipts, null, null);
    return read(
        gateway.submit(Transactions.RESOLVE_DISPUTE, invocationId, Json.write(verdict)),
        Dispute.class);
  }

  /** What the ledger knows of a provider's honesty; empty when it never lost nor won a dispute. */
  public Optional<Reputation> reputation(String providerId) throws LedgerException {
    return notFoundAsEmpty(Transactions.GET_REPUTATION, providerId)
        .map(j -> read(j, Reputation.class));
  }

  private Optional<String> notFoundAsEmpty(String transaction, String arg) throws LedgerException {
    try {
      return Optional.of(gateway.evaluate(transaction, arg));
    } catch (LedgerException e) {
      if (ErrorCodes.NOT_FOUND.equals(e.code())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static <T> T read(String json, Class<T> type) {
    return Json.read(json, type);
  }
}
