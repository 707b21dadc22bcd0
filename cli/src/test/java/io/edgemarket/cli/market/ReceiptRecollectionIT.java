package io.edgemarket.cli.market;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.agent.Inbound;
import io.edgemarket.agent.ProviderAgent;
import io.edgemarket.model.Assignment;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.Usage;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.InvokeOptions;
import io.edgemarket.sdk.SettlementException;
import io.edgemarket.testing.Await;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: a receipt the broker answered with but lost from its disk (a power cut before the group
 * commit's force; here the settlement queue's files are deleted between a stop and a start, as such
 * a cut would leave them) is collected again from the agent that kept it, over the agent's link,
 * and settled exactly once; what a hostile agent offers in its place is refused and charges nobody.
 */
class ReceiptRecollectionIT {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  @TempDir Path dir;
  private ProviderAgent agent;

  @AfterEach
  void stop() {
    LocalMarket.settleEveryForTests = null;
    if (agent != null) {
      agent.close();
    }
  }

  @Test
  void aReceiptTheBrokerLostIsCollectedFromItsAgentAndChargedOnce() throws Exception {
    Path data = dir.resolve("market");
    int port = freePort();
    Receipt lost;
    long before;
    LocalMarket.settleEveryForTests = Duration.ofHours(1);
    try (LocalMarket market = LocalMarket.start(data, port, 0, QUIET)) {
      agent = startAgent(market, "roamer");
      try (EdgeMarket consumer = consumer(market)) {
        consumer.deploy("upper", upper(), DeployOptions.defaults());
        before = consumer.balance();
        InvocationResult result = consumer.invoke("upper", bytes("kept"), InvokeOptions.defaults());
        assertEquals(InvocationResult.Status.OK, result.status());
        lost = result.receipt();
      }
    }
    LocalMarket.settleEveryForTests = null;
    // The agent's copy: had the broker lost the receipt before its force, it would never have
    // told the agent to forget it. The agent restarts meanwhile: its journal is on its disk.
    agent.close();
    appendToJournal(dir.resolve("roamer"), lost);
    powerCut(data);

    try (LocalMarket market = LocalMarket.start(data, port, 0, QUIET);
        EdgeMarket consumer = consumer(market)) {
      agent = startAgent(market, "roamer");
      Await.until("collected", () -> known(consumer, lost.invocationId()));
      // The agent restarted, so it kept no output; the broker's record of its answer did.
      assertArrayEquals(bytes("KEPT"), consumer.invocation(lost.invocationId()).output());
      Receipt settled = consumer.awaitSettled(lost.invocationId(), Duration.ofSeconds(60));
      assertEquals(lost.signature(), settled.signature(), "the very receipt the agent kept");
      assertEquals(before - lost.amount(), consumer.balance(), "charged once");
    }
    // Offered again to a restarted broker (an agent that kept it after all): known, not charged.
    agent.close();
    appendToJournal(dir.resolve("roamer"), lost);
    try (LocalMarket market = LocalMarket.start(data, port, 0, QUIET);
        EdgeMarket consumer = consumer(market)) {
      agent = startAgent(market, "roamer");
      Await.until("the agent was told to forget it", () -> journaled(agent) == 0);
      Thread.sleep(1_500); // a batch interval and more
      assertEquals(before - lost.amount(), consumer.balance(), "still charged once");
    }
  }

  @Test
  void forgedForeignAndOtherProvidersReceiptsAreRefusedAndChargeNobody() throws Exception {
    Path data = dir.resolve("market");
    int port = freePort();
    Receipt genuine;
    Receipt othersReceipt;
    long before;
    LocalMarket.settleEveryForTests = Duration.ofHours(1);
    try (LocalMarket market = LocalMarket.start(data, port, 0, QUIET)) {
      agent = startAgent(market, "roamer");
      try (EdgeMarket consumer = consumer(market)) {
        consumer.deploy("upper", upper(), DeployOptions.defaults());
        before = consumer.balance();
        genuine = consumer.invoke("upper", bytes("a"), InvokeOptions.defaults()).receipt();
        // Another provider's genuine receipt, which the hostile roamer will claim as its own.
        agent.close();
        agent = startAgent(market, "other");
        othersReceipt = consumer.invoke("upper", bytes("b"), InvokeOptions.defaults()).receipt();
        assertEquals(agent.identity().id(), othersReceipt.providerId());
        agent.close();
      }
      Identity roamer = market.dir().identity("roamer");
      Identity otherBroker =
          market.dir().ensureIdentity(market.dir().authority(), "broker-2", Role.BROKER);
      Identity consumerId = market.dir().identity("consumer");
      // Re-signed by the provider with ten times the fuel: a valid signature, but not the receipt
      // the broker answered with (its invocation record, which the power cut spared, says so).
      Receipt inflated =
          Receipt.sign(
              roamer,
              genuine.ticket(),
              genuine.assignment(),
              bytes("A"),
              Receipt.OK,
              new Usage(genuine.usage().fuel() * 10, 1, 1),
              genuine.pricePerInvocation(),
              genuine.pricePerMegaFuel(),
              genuine.startedAt(),
              genuine.finishedAt(),
              genuine.sequence() + 11);
      // Altered after signing: another output digest and sequence under the genuine signature.
      Receipt tampered =
          new Receipt(
              genuine.ticket(),
              genuine.assignment(),
              genuine.providerId(),
              genuine.offerId(),
              "0".repeat(64),
              genuine.status(),
              genuine.usage(),
              genuine.pricePerInvocation(),
              genuine.pricePerMegaFuel(),
              genuine.amount(),
              genuine.startedAt(),
              genuine.finishedAt(),
              genuine.sequence() + 10,
              genuine.signature());
      // A genuine consumer ticket, placed by another broker of the same CA.
      InvocationTicket ticket =
          InvocationTicket.issue(
              consumerId,
              "not-placed-here",
              genuine.ticket().brokerId(),
              genuine.ticket().functionId(),
              genuine.ticket().functionDigest(),
              bytes("c"),
              genuine.ticket().maxPrice(),
              System.currentTimeMillis(),
              System.currentTimeMillis() + 60_000);
      Receipt foreign =
          Receipt.sign(
              roamer,
              ticket,
              Assignment.sign(
                  otherBroker, ticket, roamer.id(), genuine.offerId(), System.currentTimeMillis()),
              bytes("C"),
              Receipt.OK,
              genuine.usage(),
              genuine.pricePerInvocation(),
              genuine.pricePerMegaFuel(),
              1,
              2,
              genuine.sequence() + 12);
      Path journal = dir.resolve("roamer").resolve("receipts.journal");
      Files.writeString(journal, "", StandardCharsets.UTF_8); // only the hostile ones
      for (Receipt r : List.of(tampered, inflated, foreign, othersReceipt)) {
        appendToJournal(dir.resolve("roamer"), r);
      }
    }
    LocalMarket.settleEveryForTests = null;
    powerCut(data); // the genuine receipt is lost too, and the roamer does not offer it

    try (LocalMarket market = LocalMarket.start(data, port, 0, QUIET);
        EdgeMarket consumer = consumer(market)) {
      agent = startAgent(market, "roamer");
      Await.until("the agent was told to forget what it offered", () -> journaled(agent) == 0);
      Thread.sleep(1_500); // a batch interval and more
      assertEquals(before, consumer.balance(), "nothing charged");
      for (String id :
          List.of("not-placed-here", othersReceipt.invocationId(), genuine.invocationId())) {
        assertFalse(settled(consumer, id), id + " is not settled");
      }
    }
  }

  private static boolean settled(EdgeMarket consumer, String invocationId) {
    try {
      consumer.awaitSettled(invocationId, Duration.ofMillis(200));
      return true;
    } catch (SettlementException e) {
      return false;
    }
  }

  private static boolean known(EdgeMarket consumer, String invocationId) {
    try {
      consumer.invocation(invocationId);
      return true;
    } catch (io.edgemarket.sdk.QueryException e) {
      return false;
    }
  }

  private static int journaled(ProviderAgent agent) {
    try {
      var method = ProviderAgent.class.getDeclaredMethod("journaledReceipts");
      method.setAccessible(true);
      return (int) method.invoke(agent);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What a machine that lost power before its forces leaves: no settlement queue at all. */
  private static void powerCut(Path data) throws Exception {
    Path settlement = new MarketDir(data).brokerData().resolve("settlement");
    try (Stream<Path> files = Files.list(settlement)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
  }

  private static void appendToJournal(Path agentData, Receipt receipt) throws Exception {
    Files.writeString(
        agentData.resolve("receipts.journal"),
        Json.write(receipt) + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private ProviderAgent startAgent(LocalMarket market, String name) throws Exception {
    ProviderAgent started =
        ProviderAgent.builder()
            .broker(market.brokerUrl())
            .identity(market.dir().ensureIdentity(market.dir().authority(), name, Role.PROVIDER))
            .trustRoots(market.dir().trustRoots())
            .dataDir(dir.resolve(name))
            .cpuShareMillis(1000)
            .memoryShareMb(256)
            .maxConcurrency(4)
            .pricePerInvocation(50)
            .pricePerMegaFuel(10)
            .inbound(Inbound.NONE)
            .build()
            .start();
    Await.until("linked", started::linked);
    assertTrue(started.linked());
    return started;
  }

  private static EdgeMarket consumer(LocalMarket market) throws Exception {
    return EdgeMarket.builder()
        .broker(URI.create(market.brokerUrl().toString()))
        .identity(market.dir().identity("consumer"))
        .trustRoot(market.dir().trustRoot())
        .build();
  }

  private static byte[] upper() throws Exception {
    return Files.readAllBytes(Path.of("../samples/wasm/upper.wasm"));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
