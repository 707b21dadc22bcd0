package io.edgemarket.broker.testing;

import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.link.LinkFrame;
import io.edgemarket.model.link.LinkHandshake;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A hand-driven agent link to a real broker: sends whatever frames a test writes, including forged
 * ones, and reports what the broker sends back and how it closed the socket.
 */
public final class RawLink implements AutoCloseable {
  /** How the broker closed the link. */
  public record Closed(int status, String reason) {}

  private final BlockingQueue<LinkFrame> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private final WebSocket socket;

  public RawLink(String brokerUrl) {
    StringBuilder partial = new StringBuilder();
    WebSocket.Listener listener =
        new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              received.add(Json.read(partial.toString(), LinkFrame.class));
              partial.setLength(0);
            }
            ws.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.complete(new Closed(status, reason));
            return null;
          }

          @Override
          public void onError(WebSocket ws, Throwable error) {
            closed.complete(new Closed(-1, String.valueOf(error)));
          }
        };
    socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(LinkHandshake.linkUri(URI.create(brokerUrl)), listener)
            .join();
  }

  /**
   * A link that completed the handshake as {@code provider} with the broker at {@code brokerUrl}
   * whose identity is {@code brokerId}; fails the test unless the broker welcomes it.
   */
  public static RawLink welcomed(String brokerUrl, Identity provider, String brokerId)
      throws Exception {
    RawLink link = new RawLink(brokerUrl);
    String nonce = LinkHandshake.nonce();
    link.send(LinkFrame.hello(nonce));
    LinkFrame challenge = link.next();
    link.send(
        LinkFrame.proof(
            provider.certificatePem(),
            LinkHandshake.signProof(provider, challenge.shake().nonce(), nonce, brokerId)));
    LinkFrame welcome = link.next();
    if (!LinkFrame.WELCOME.equals(welcome.type())) {
      throw new AssertionError("expected welcome, got " + welcome.type());
    }
    return link;
  }

  public void send(LinkFrame frame) {
    socket.sendText(Json.write(frame), true).join();
  }

  /** The next frame from the broker; fails after 10 s without one. */
  public LinkFrame next() throws InterruptedException {
    LinkFrame frame = received.poll(10, TimeUnit.SECONDS);
    if (frame == null) {
      throw new AssertionError("no frame from the broker within 10 s; closed: " + closed);
    }
    return frame;
  }

  /** How the broker closed the link; fails after 10 s if it did not. */
  public Closed awaitClosed() throws Exception {
    return closed.get(10, TimeUnit.SECONDS);
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public void close() {
    socket.abort();
  }
}
