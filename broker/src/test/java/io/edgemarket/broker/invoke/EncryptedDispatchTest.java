package io.edgemarket.broker.invoke;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.broker.link.AgentLinks;
import io.edgemarket.broker.market.OfferBook;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Offer;
import io.edgemarket.model.Role;
import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Issue 10: a broker serving TLS never sends an invocation in clear to another machine; plain HTTP
 * push stays for agents on the broker's own machine (`up`'s in-process agents).
 */
class EncryptedDispatchTest {
  private static final CertificateAuthority CA = CertificateAuthority.create("EdgeMarketMSP");
  private static final Identity BROKER = CA.enroll("broker", Role.BROKER);
  private static final InvokeRequest REQUEST =
      new InvokeRequest(null, null, "offer-1", new byte[] {1}, null);

  private static Dispatcher dispatcher(boolean encryptedOnly) {
    AgentLinks links =
        new AgentLinks(BROKER, TrustRoots.of(CA), new OfferBook(System::currentTimeMillis));
    return new Dispatcher(BROKER, links, encryptedOnly);
  }

  private static Offer offerAt(String endpoint) {
    return new Offer(
        "offer-1",
        "provider-1@EdgeMarketMSP",
        endpoint,
        "eu-west",
        0,
        0,
        1000,
        256,
        1,
        List.of(FunctionSpec.RUNTIME_WASM),
        List.of(),
        10,
        1,
        System.currentTimeMillis() + 60_000,
        null,
        0);
  }

  @Test
  void aTlsBrokerPassesOverAnAgentPushedToInClearOnAnotherMachine() throws Exception {
    try (ServerSocket agent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
      AtomicBoolean reached = watch(agent);
      Dispatcher.Outcome outcome =
          dispatcher(true).send(offerAt("http://127.0.0.2:" + agent.getLocalPort()), REQUEST, 2000);
      // 127.0.0.2 is loopback too: the push is made (this "agent" hangs up: a fault, not busy).
      assertInstanceOf(Dispatcher.Outcome.Fault.class, outcome);
      assertTrue(reached.get(), "the loopback agent was connected to");
    }
    // A routable address is not even tried.
    Dispatcher.Outcome remote = dispatcher(true).send(offerAt("http://192.0.2.7:9"), REQUEST, 2000);
    Dispatcher.Outcome.Busy busy = assertInstanceOf(Dispatcher.Outcome.Busy.class, remote);
    assertTrue(busy.message().contains("plain http"), busy.message());
  }

  @Test
  void aPlainBrokerStillPushesOverHttp() {
    Dispatcher.Outcome remote = dispatcher(false).send(offerAt("http://192.0.2.7:9"), REQUEST, 500);
    assertInstanceOf(Dispatcher.Outcome.Fault.class, remote, "tried, and unreachable");
  }

  /** Accepts one connection in the background and notes that it came. */
  private static AtomicBoolean watch(ServerSocket server) {
    AtomicBoolean reached = new AtomicBoolean();
    Thread thread =
        new Thread(
            () -> {
              try (Socket socket = server.accept();
                  InputStream in = socket.getInputStream()) {
                reached.set(true);
                in.read(new byte[512]);
              } catch (IOException e) {
                // closed by the test
              }
            });
    thread.setDaemon(true);
    thread.start();
    return reached;
  }
}
