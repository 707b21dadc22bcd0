package io.edgemarket.cli.market;

import io.edgemarket.bridge.EvmChain;
import io.edgemarket.bridge.service.BridgeService;
import java.time.Duration;

/**
 * The bridge service of a local market ({@code up --evm}): the bridge participant's ledger
 * connection and the bridge key's client of the local chain, crediting deposits after {@value
 * #CONFIRMATIONS} confirmations (anvil builds a block a second), paying withdrawals and anchoring
 * every settled batch's root, so the whole path shows within seconds. Stopped before the chain.
 */
public final class LocalBridge implements AutoCloseable {
  public static final int CONFIRMATIONS = 2;
  public static final int ANCHOR_EVERY_BATCHES = 1;
  static final Duration POLL = Duration.ofMillis(500);

  private final EvmChain chain;
  private final BridgeService service;

  private LocalBridge(EvmChain chain, BridgeService service) {
    this.chain = chain;
    this.service = service;
  }

  /** Starts the service for what {@link LocalEvm#setUp} made on {@code market}. */
  public static LocalBridge start(LocalMarket market, LocalEvm.Setup setup) {
    EvmConfig config = setup.config();
    EvmChain chain =
        EvmChain.builder()
            .rpcUrl(config.rpcUrl())
            .credentials(setup.bridgeKey())
            .chainId(config.chainId())
            .build();
    try {
      BridgeService service =
          BridgeService.builder()
              .chain(chain)
              .escrow(config.escrow())
              .ledger(market.ledgerAs(setup.bridge()))
              .confirmations(CONFIRMATIONS)
              .anchorEveryBatches(ANCHOR_EVERY_BATCHES)
              .pollInterval(POLL)
              .build();
      service.start();
      return new LocalBridge(chain, service);
    } catch (RuntimeException e) {
      chain.close();
      throw e;
    }
  }

  @Override
  public void close() {
    service.close();
    chain.close();
  }
}
