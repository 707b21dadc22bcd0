package io.edgemarket.ledger.fabric;

import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerBackend;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.SignedProposal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's ledger on a Fabric network: gateways through each participant's own organisation's
 * peer, and the chaincode event stream for the offer book. Everything this backend opens is closed
 * with it.
 *
 * <p>The broker's ledger relay cannot serve Fabric: a Fabric transaction must be signed by its
 * creator over the proposal bytes Fabric itself builds, which the relay's clients never see. So on
 * Fabric, agents, the SDK and auditors connect to their organisation's peer directly and {@link
 * #execute} refuses with a code that says so.
 */
public final class FabricBackend implements LedgerBackend {
  private static final Logger LOG = LoggerFactory.getLogger(FabricBackend.class);

  private final FabricMarketIdentities network;
  private final Identity listener;
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  /**
   * @param network the consortium's organisations and peers
   * @param listener the identity the event stream is read as (the broker's)
   */
  public FabricBackend(FabricMarketIdentities network, Identity listener) {
    this.network = network;
    this.listener = listener;
  }

  /** The CAs of both organisations: the broker must accept providers and consumers alike. */
  public TrustRoots trustRoots() {
    return network.trustRoots();
  }

  @Override
  public String name() {
    return "fabric";
  }

  @Override
  public String execute(SignedProposal proposal, boolean submit) throws LedgerException {
    throw new LedgerException(
        submit ? LedgerException.Phase.SUBMIT : LedgerException.Phase.EVALUATE,
        ErrorCodes.UNAVAILABLE,
        proposal.transactionId(),
        "this market's ledger is Hyperledger Fabric: connect to your organisation's peer with the"
            + " Fabric Gateway (the broker relays proposals only for the embedded ledger)");
  }

  @Override
  public synchronized FabricLedgerGateway gateway(Identity identity) {
    FabricLedgerGateway gateway = network.gateway(identity);
    opened.push(gateway);
    return gateway;
  }

  @Override
  public void addEventListener(BiConsumer<String, String> eventListener) {
    AutoCloseable events = gateway(listener).listenToEvents(eventListener);
    synchronized (this) {
      opened.push(events);
    }
  }

  @Override
  public synchronized void close() {
    while (!opened.isEmpty()) {
      AutoCloseable next = opened.pop();
      try {
        next.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", next.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
