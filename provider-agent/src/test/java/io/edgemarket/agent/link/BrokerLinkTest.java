package io.edgemarket.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Role;
import io.edgemarket.model.api.Heartbeat;
import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.api.InvokeResponse;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.link.LinkFrame;
import io.edgemarket.model.link.LinkHandshake;
import io.edgemarket.testing.Await;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The agent's side of the link against a broker played by the test: it proves itself only to a
 * broker of its own market, runs what arrives and answers under the same correlation id, and
 * refuses a broker from another CA or one whose challenge was signed for another handshake.
 */
class BrokerLinkTest {
  private final CertificateAuthority ca = CertificateAuthority.create("EdgeMarketMSP");
  private final Identity provider = ca.enroll("provider-1", Role.PROVIDER);
  private final Identity broker = ca.enroll("broker", Role.BROKER);

  @Test
  void linksToABrokerOfItsMarketAndAnswersWhatArrives() throws Exception {
    try (FakeLinkBroker fake = new FakeLinkBroker(broker, UnaryOperator.identity());
        BrokerLink link = link(fake)) {
      link.start();
      LinkFrame proof = fake.next(LinkFrame.PROOF);
      assertEquals(provider.certificatePem(), proof.shake().certificate());
      Await.until("link up", link::isUp);
      fake.send(
          LinkFrame.invoke("7", new InvokeRequest(null, null, "offer", new byte[] {1}, null)));
      fake.send(
          LinkFrame.invoke("8", new InvokeRequest(null, null, "offer", new byte[] {2}, null)));
      LinkFrame first = fake.next(LinkFrame.RESULT);
      LinkFrame second = fake.next(LinkFrame.RESULT);
      assertEquals(
          "7", (first.response().output()[0] == 1 ? first : second).id(), "correlated by id");
      assertTrue(link.heartbeat(new Heartbeat("provider-1", "offer", "x", 0, 1, 1, 1, false, 0)));
      assertEquals("offer", fake.next(LinkFrame.HEARTBEAT).heartbeat().offerId());
    }
  }

  @Test
  void aCancelFrameStopsTheRunningInvocationAndOneForNothingRunningIsIgnored() throws Exception {
    LinkWork stoppable =
        new LinkWork() {
          @Override
          public LinkFrame run(String id, InvokeRequest request) {
            throw new AssertionError("the link runs invocations with their cancellation");
          }

          @Override
          public LinkFrame run(String id, InvokeRequest request, Cancellation cancel) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!cancel.cancelled() && System.nanoTime() < deadline) {
              Thread.onSpinWait();
            }
            return cancel.cancelled()
                ? LinkFrame.error(id, 409, ErrorCodes.CANCELLED, "stopped")
                : LinkFrame.result(id, new InvokeResponse("OK", request.input(), null, null));
          }
        };
    try (FakeLinkBroker fake = new FakeLinkBroker(broker, UnaryOperator.identity());
        BrokerLink link = link(fake, stoppable)) {
      link.start();
      Await.until("link up", link::isUp);
      fake.send(LinkFrame.cancel("unknown"));
      fake.send(
          LinkFrame.invoke("9", new InvokeRequest(null, null, "offer", new byte[] {9}, null)));
      fake.send(LinkFrame.cancel("9"));
      LinkFrame answer = fake.next(LinkFrame.ERROR);
      assertEquals("9", answer.id());
      assertEquals(409, answer.error().status());
      assertEquals(ErrorCodes.CANCELLED, answer.error().code());
      assertTrue(link.isUp(), "a cancel for nothing running is no protocol error");
    }
  }

  @Test
  void aBrokerFromAnotherCaIsRefused() throws Exception {
    Identity impostor = CertificateAuthority.create("EdgeMarketMSP").enroll("broker", Role.BROKER);
    assertRefused(impostor, UnaryOperator.identity());
  }

  @Test
  void aChallengeSignedForAnotherHandshakeIsRefused() throws Exception {
    String stale = LinkHandshake.nonce();
    assertRefused(broker, agentNonce -> stale);
  }

  @Test
  void aParticipantOfAnotherRoleIsNoBroker() throws Exception {
    assertRefused(ca.enroll("consumer-1", Role.CONSUMER), UnaryOperator.identity());
  }

  @Test
  void backoffDoublesWithJitterUpToItsCeilingAndStartsOverAfterSuccess() {
    Backoff backoff = new Backoff(100, 1000);
    long[] ceilings = {100, 200, 400, 800, 1000, 1000};
    for (long ceiling : ceilings) {
      long wait = backoff.next();
      assertTrue(wait >= ceiling / 2 && wait <= ceiling, wait + " within " + ceiling);
    }
    backoff.reset();
    assertTrue(backoff.next() <= 100);
  }

  /** The agent must close the link (1008) without ever sending its proof. */
  private void assertRefused(Identity brokerIdentity, UnaryOperator<String> nonceSigned)
      throws Exception {
    try (FakeLinkBroker fake = new FakeLinkBroker(brokerIdentity, nonceSigned);
        BrokerLink link = link(fake)) {
      link.start();
      assertEquals(1008, fake.closedWith.get(10, TimeUnit.SECONDS));
      assertFalse(link.isUp());
      assertTrue(
          fake.received.stream().noneMatch(f -> LinkFrame.PROOF.equals(f.type())),
          "no proof for a broker that did not prove itself");
    }
  }

  private BrokerLink link(FakeLinkBroker fake) {
    return link(
        fake,
        (id, request) ->
            LinkFrame.result(id, new InvokeResponse("OK", request.input(), null, null)));
  }

  private BrokerLink link(FakeLinkBroker fake, LinkWork work) {
    return new BrokerLink(
        fake.url(),
        provider,
        TrustRoots.of(ca),
        HttpClient.newHttpClient(),
        4,
        Duration.ofSeconds(2),
        work,
        () -> {});
  }
}
