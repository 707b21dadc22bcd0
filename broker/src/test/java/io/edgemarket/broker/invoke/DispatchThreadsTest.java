package io.edgemarket.broker.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.edgemarket.broker.link.AgentLinks;
import io.edgemarket.broker.market.OfferBook;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Offer;
import io.edgemarket.model.Role;
import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 (a): a dispatch over HTTP starts no thread of its own. {@code HttpClient.sendAsync}
 * completed on the common pool, which on a 2-CPU machine starts a new thread per task: one per
 * invocation.
 */
class DispatchThreadsTest {
  private static final CertificateAuthority CA = CertificateAuthority.create("EdgeMarketMSP");
  private static final Identity BROKER = CA.enroll("broker", Role.BROKER);
  private static final InvokeRequest REQUEST =
      new InvokeRequest(null, null, "offer-1", new byte[] {1}, null);
  private static final int CALLS = 200;

  @Test
  void twoHundredDispatchesStartFewThreads() throws Exception {
    HttpServer agent =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService agentThreads = Executors.newFixedThreadPool(2);
    agent.setExecutor(agentThreads);
    agent.createContext(
        "/invoke",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] body = "{\"status\":\"OK\",\"output\":\"AQ==\"}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    agent.start();
    try {
      Dispatcher dispatcher =
          new Dispatcher(
              BROKER,
              new AgentLinks(BROKER, TrustRoots.of(CA), new OfferBook(System::currentTimeMillis)),
              false);
      Offer offer = offerAt("http://127.0.0.1:" + agent.getAddress().getPort());
      // Warm up: the client's selector and first connection are the client's, not the calls'.
      assertInstanceOf(Dispatcher.Outcome.Answered.class, dispatcher.send(offer, REQUEST, 5000));
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long before = threads.getTotalStartedThreadCount();
      // Two callers at once, as two request threads of the broker would be.
      CountDownLatch done = new CountDownLatch(2);
      int[] answered = new int[2];
      for (int t = 0; t < 2; t++) {
        int caller = t;
        Thread thread =
            new Thread(
                () -> {
                  for (int i = 0; i < CALLS / 2; i++) {
                    if (dispatcher.send(offer, REQUEST, 5000)
                        instanceof Dispatcher.Outcome.Answered) {
                      answered[caller]++;
                    }
                  }
                  done.countDown();
                });
        thread.start();
      }
      done.await();
      long started = threads.getTotalStartedThreadCount() - before - 2;
      assertEquals(CALLS, answered[0] + answered[1]);
      assertTrue(started < 10, started + " threads started for " + CALLS + " dispatches");
    } finally {
      agent.stop(0);
      agentThreads.shutdownNow();
    }
  }

  @Test
  void anAgentThatStopsMidAnswerIsAFaultAtTheDeadline() throws Exception {
    HttpServer agent =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    CountDownLatch release = new CountDownLatch(1);
    agent.createContext(
        "/invoke",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, 100);
          OutputStream out = exchange.getResponseBody();
          out.write("{\"status\":".getBytes(StandardCharsets.UTF_8));
          out.flush();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    agent.start();
    try {
      Dispatcher dispatcher =
          new Dispatcher(
              BROKER,
              new AgentLinks(BROKER, TrustRoots.of(CA), new OfferBook(System::currentTimeMillis)),
              false);
      Offer offer = offerAt("http://127.0.0.1:" + agent.getAddress().getPort());
      Dispatcher.Outcome outcome =
          assertTimeoutPreemptively(
              Duration.ofSeconds(20), () -> dispatcher.send(offer, REQUEST, 500));
      Dispatcher.Outcome.Fault fault = assertInstanceOf(Dispatcher.Outcome.Fault.class, outcome);
      assertTrue(fault.reason().contains("no answer within 500 ms"), fault.reason());
    } finally {
      release.countDown();
      agent.stop(0);
    }
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
}
