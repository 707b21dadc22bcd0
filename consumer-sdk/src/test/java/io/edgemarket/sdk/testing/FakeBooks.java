package io.edgemarket.sdk.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgemarket.model.Pricing;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.SettlementBatch;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fake ledger's money and settlement records: balances, journal, batches and receipt records,
 * written the way the chaincode's settlement writes them so the auditor sees a consistent market
 * until a test tampers with it.
 */
public final class FakeBooks {
  public static final String ISSUER = "@issuer";

  private final FakeLedger ledger;
  public final Map<String, Long> balances = new TreeMap<>();
  public final List<ObjectNode> journal = new ArrayList<>();
  public final Map<String, ObjectNode> batches = new LinkedHashMap<>();
  public final Map<String, ObjectNode> receipts = new LinkedHashMap<>();
  private int tx;

  FakeBooks(FakeLedger ledger) {
    this.ledger = ledger;
  }

  /** Issues {@code amount} to {@code account}, as accounts:CreditEscrow does. */
  public synchronized void credit(String account, long amount) {
    move(Map.of(ISSUER + " -> " + account, amount), "credit", "top-up");
  }

  /** As {@link #settle}, for a batch its broker signed (the record keeps the signature). */
  public synchronized void settleSigned(String batchId, Identity broker, List<Receipt> batch) {
    settle(batchId, broker.id(), batch);
    SettlementBatch signed = SettlementBatch.signed(batchId, batch, broker);
    batches.get(batchId).put("brokerSignature", signed.brokerSignature());
  }

  /** Settles receipts as the chaincode does: every one paid, split at the current fee. */
  public synchronized void settle(String batchId, String brokerId, List<Receipt> batch) {
    SettlementBatch settlement = SettlementBatch.of(batchId, batch);
    Map<String, Long> postings = new TreeMap<>();
    ArrayNode leaves = Json.mapper().createArrayNode();
    ArrayNode settled = Json.mapper().createArrayNode();
    long total = 0;
    long fees = 0;
    for (int i = 0; i < batch.size(); i++) {
      Receipt receipt = batch.get(i);
      long fee = Pricing.brokerFee(receipt.amount(), ledger.feeBps);
      long share = receipt.amount() - fee;
      String consumer = receipt.ticket().consumerId();
      postings.merge(consumer + " -> " + receipt.providerId(), share, Long::sum);
      postings.merge(consumer + " -> " + brokerId, fee, Long::sum);
      ObjectNode record = Json.mapper().createObjectNode();
      record.set("receipt", Json.mapper().valueToTree(receipt));
      record.put("batchId", batchId).put("leafIndex", i).put("providerShare", share);
      record.put("brokerFee", fee).put("settledAt", 1000 + i).put("txId", "tx-" + batchId);
      receipts.put(receipt.invocationId(), record);
      leaves.add(Crypto.hex(receipt.leafHash()));
      settled.add(receipt.invocationId());
      total += receipt.amount();
      fees += fee;
    }
    ObjectNode record = Json.mapper().createObjectNode();
    record.put("batchId", batchId).put("brokerId", brokerId);
    record.put("merkleRoot", settlement.merkleRoot());
    record.set("leaves", leaves);
    record.set("settled", settled);
    record.set("rejected", Json.mapper().createArrayNode());
    record
        .put("totalAmount", total)
        .put("totalFees", fees)
        .put("settledAt", 1000)
        .put("txId", "tx-" + batchId);
    batches.put(batchId, record);
    move(postings, "settlement", batchId);
  }

  private void move(Map<String, Long> postings, String kind, String reference) {
    ArrayNode list = Json.mapper().createArrayNode();
    postings.forEach(
        (fromTo, amount) -> {
          if (amount == 0) {
            return;
          }
          String[] parts = fromTo.split(" -> ");
          balances.merge(parts[0], -amount, Long::sum);
          balances.merge(parts[1], amount, Long::sum);
          list.addObject().put("from", parts[0]).put("to", parts[1]).put("amount", amount);
        });
    ObjectNode entry = Json.mapper().createObjectNode();
    entry
        .put("txId", "tx-" + (++tx))
        .put("timestamp", tx)
        .put("kind", kind)
        .put("reference", reference);
    entry.set("postings", list);
    journal.add(entry);
  }

  String balanceJson(String account) {
    return "{\"accountId\":\""
        + account
        + "\",\"balance\":"
        + balances.getOrDefault(account, 0L)
        + "}";
  }

  /** ListBatches: each batch without its per-receipt lists. */
  List<ObjectNode> batchSummaries() {
    List<ObjectNode> list = new ArrayList<>();
    for (ObjectNode batch : batches.values()) {
      ObjectNode summary = batch.deepCopy();
      summary.put("receipts", batch.path("leaves").size());
      summary.put("settled", batch.path("settled").size());
      summary.put("rejected", batch.path("rejected").size());
      summary.remove("leaves");
      list.add(summary);
    }
    return list;
  }

  /** ListAccounts: the issuer first, then every registered participant. */
  List<ObjectNode> accountList() {
    List<ObjectNode> list = new ArrayList<>();
    List<String> ids = new ArrayList<>(ledger.participants.keySet());
    ids.sort(null);
    ids.add(0, ISSUER);
    for (String id : ids) {
      list.add(
          Json.mapper()
              .createObjectNode()
              .put("accountId", id)
              .put("balance", balances.getOrDefault(id, 0L)));
    }
    return list;
  }
}
