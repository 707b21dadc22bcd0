package io.edgemarket.ledger.fabric;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.SettlementBatch;
import io.edgemarket.model.Statement;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.testing.InvocationSamples;
import java.util.ArrayList;
import java.util.List;

/**
 * Settles batches of 1, 10, 100 and 500 receipts on the running Fabric network, one at a time
 * through the broker's gateway, and prints receipts per second for each size (median of the runs).
 * A measurement, not a test: run it by hand (see ledger-fabric/README.md). A second argument {@code
 * statements} sends each batch with the provider's statement over its receipts and the consumer's
 * over their tickets (issue 11), as agents and the SDK sign them.
 */
final class SettlementThroughput {
  private static final int[] SIZES = {1, 10, 100, 500};
  private static final int RUNS = 5;

  private SettlementThroughput() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : RUNS;
    boolean statements = args.length > 1 && "statements".equals(args[1]);
    FabricMarketIdentities network =
        FabricMarketIdentities.open(FabricMarketIdentities.defaultNetworkDir());
    Market.Backend backend =
        new Market.Backend() {
          @Override
          public Identity enroll(String name, Role role) {
            return network.enroll(name, role);
          }

          @Override
          public Identity enrollAt(Role caOf, String name, Role role) {
            return network.caFor(caOf).enroll(name, role);
          }

          @Override
          public String mspFor(Role role) {
            return network.caFor(role).mspId();
          }

          @Override
          public LedgerGateway gateway(Identity identity) {
            return network.gateway(identity);
          }

          @Override
          public void close() {}
        };
    try (Market market = new Market(backend)) {
      String offerId = "offer-" + market.run + "-bench";
      market.submit(
          market.provider, Transactions.PUBLISH_OFFER, InvocationSamples.offerJson(offerId));
      market.submit(
          market.consumer, Transactions.REGISTER_FUNCTION, InvocationSamples.functionJson("bench"));
      market.credit(market.consumer, 1_000_000_000L);
      warmUp(market, offerId);
      System.out.printf("%-8s %-6s %-14s %-12s%n", "receipts", "runs", "median ms", "receipts/s");
      for (int size : SIZES) {
        List<Long> nanos = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
          List<Receipt> receipts = new ArrayList<>();
          for (int i = 0; i < size; i++) {
            String id = "inv-" + market.run + "-" + size + "-" + run + "-" + i;
            receipts.add(
                InvocationSamples.receipt(
                    market.broker, market.provider, offerId, market.consumer, "bench", id));
          }
          // Signing the receipts is the agents' work, not the ledger's: only the submit is timed.
          // The batch is signed by the broker, as its settler signs every batch.
          SettlementBatch signed =
              SettlementBatch.signed(
                  "batch-" + market.run + "-" + size + "-" + run, receipts, market.broker);
          if (statements) {
            signed =
                signed.withStatements(
                    List.of(
                        Statement.sign(
                            Statement.RECEIPTS,
                            market.provider,
                            signed.batchId(),
                            receipts.stream().map(Receipt::leafHash).toList()),
                        Statement.sign(
                            Statement.TICKETS,
                            market.consumer,
                            signed.batchId(),
                            receipts.stream().map(r -> r.ticket().leafHash()).toList())));
          }
          String batch = Json.write(signed);
          long t0 = System.nanoTime();
          market.as(market.broker).submit(Transactions.SETTLE_BATCH, batch);
          nanos.add(System.nanoTime() - t0);
        }
        nanos.sort(null);
        double ms = nanos.get(nanos.size() / 2) / 1e6;
        System.out.printf("%-8d %-6d %-14.1f %-12.1f%n", size, runs, ms, size / (ms / 1000));
      }
    }
  }

  /** Connections, the chaincode's JIT and class loading settle before anything is timed. */
  private static void warmUp(Market market, String offerId) throws Exception {
    for (int i = 0; i < 3; i++) {
      String id = "inv-" + market.run + "-warm-" + i;
      Receipt r =
          InvocationSamples.receipt(
              market.broker, market.provider, offerId, market.consumer, "bench", id);
      market
          .as(market.broker)
          .submit(
              Transactions.SETTLE_BATCH,
              InvocationSamples.batchJson("batch-" + market.run + "-warm-" + i, List.of(r)));
    }
  }
}
