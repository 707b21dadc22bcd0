package io.edgemarket.ledger.fabric;

import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Network;

/**
 * Reads the chaincode event stream on a daemon thread. The stream is a server-streaming gRPC call
 * whose iterator blocks, so it gets a thread of its own; closing the iterator cancels the call,
 * which ends the loop with an exception that is expected and swallowed.
 */
final class ChaincodeEventPump implements AutoCloseable {
  private final CloseableIterator<ChaincodeEvent> events;
  private final Thread thread;
  private volatile boolean closed;

  private ChaincodeEventPump(
      CloseableIterator<ChaincodeEvent> events, BiConsumer<String, String> listener) {
    this.events = events;
    this.thread = new Thread(() -> pump(listener), "fabric-chaincode-events");
    thread.setDaemon(true);
  }

  static ChaincodeEventPump start(
      Network network, String chaincode, BiConsumer<String, String> listener) {
    ChaincodeEventPump pump =
        new ChaincodeEventPump(network.getChaincodeEvents(chaincode), listener);
    pump.thread.start();
    return pump;
  }

  private void pump(BiConsumer<String, String> listener) {
    try {
      while (!closed && events.hasNext()) {
        ChaincodeEvent event = events.next();
        listener.accept(
            event.getEventName(), new String(event.getPayload(), StandardCharsets.UTF_8));
      }
    } catch (RuntimeException e) {
      if (!closed) {
        System.getLogger(ChaincodeEventPump.class.getName())
            .log(System.Logger.Level.WARNING, "chaincode event stream ended: " + e);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    events.close();
  }
}
