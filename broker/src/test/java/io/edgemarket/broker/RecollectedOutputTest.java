package io.edgemarket.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgemarket.broker.testing.FakeAgent;
import io.edgemarket.broker.testing.RawLink;
import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.Assignment;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Usage;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.link.KeptOutput;
import io.edgemarket.model.link.LinkFrame;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: receipts an agent kept for runs whose answers the broker never heard (it was killed
 * while they were on the wire) come back over the link with their outputs. An output that matches
 * its receipt's digest answers the invocation, which is then charged once; one that does not is the
 * provider's lie, as it would be on a fresh answer: that receipt is refused and charges nobody.
 */
class RecollectedOutputTest {
  @TempDir Path dir;
  private TestMarket market;

  @BeforeEach
  void start() throws Exception {
    market = new TestMarket(dir, 0, Duration.ofMillis(100));
  }

  @AfterEach
  void stop() {
    market.close();
  }

  @Test
  void aKeptOutputMatchingItsReceiptAnswersTheInvocationAndAnotherIsRefused() throws Exception {
    FakeAgent agent = market.provider("p-kept", 10, 1);
    FunctionSpec function = market.deploy(market.consumer, "kept", 5_000);
    long before = market.balance(market.consumer.id());
    Receipt honest = receipt(agent, function, "HONEST", 1);
    Receipt liar = receipt(agent, function, "SIGNED FOR", 2);

    try (RawLink link = welcomed(agent.identity())) {
      LinkFrame collect = awaitFrame(link, LinkFrame.COLLECT);
      link.send(
          LinkFrame.receipts(
              collect.id(),
              List.of(honest, liar),
              List.of(
                  new KeptOutput(1, bytes("HONEST"), null),
                  new KeptOutput(2, bytes("not what was signed for"), null))));
      assertEquals(List.of(1L, 2L), awaitFrame(link, LinkFrame.SETTLED).sequences());
      // A full page may be followed by more: the broker asks until a page is empty.
      LinkFrame more = awaitFrame(link, LinkFrame.COLLECT);
      assertEquals(2L, more.after());
      link.send(LinkFrame.receipts(more.id(), List.of(), List.of()));
    }

    SignedClient alice = market.client(market.consumer);
    InvocationResult answered =
        alice.get("/api/v1/invocations/" + honest.invocationId()).as(InvocationResult.class);
    assertArrayEquals(bytes("HONEST"), answered.output());
    assertEquals(honest, answered.receipt());
    assertEquals(
        404, alice.get("/api/v1/invocations/" + liar.invocationId()).status(), "liar refused");
    market.awaitSettlementIdle();
    assertEquals(before - honest.amount(), market.balance(market.consumer.id()), "charged once");
  }

  /** A receipt as the agent signed it for a run this broker assigned, over {@code output}. */
  private Receipt receipt(FakeAgent agent, FunctionSpec function, String output, long sequence) {
    InvocationTicket ticket = market.request(function, bytes("in"), 1_000).ticket();
    long now = System.currentTimeMillis();
    return Receipt.sign(
        agent.identity(),
        ticket,
        Assignment.sign(market.brokerId, ticket, agent.identity().id(), agent.offerId(), now),
        bytes(output),
        Receipt.OK,
        new Usage(1_000, 1, 1),
        10,
        1,
        now,
        now + 1,
        sequence);
  }

  private RawLink welcomed(Identity provider) throws Exception {
    return RawLink.welcomed(market.broker().url(), provider, market.brokerId.id());
  }

  /** The next frame of {@code type}, skipping others (the broker may send invocations too). */
  private static LinkFrame awaitFrame(RawLink link, String type) throws Exception {
    List<String> skipped = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      LinkFrame frame = link.next();
      if (type.equals(frame.type())) {
        return frame;
      }
      skipped.add(frame.type());
    }
    throw new AssertionError("no " + type + " frame; got " + skipped);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
