package io.edgemarket.broker.link;

import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.link.LinkFrame;
import io.edgemarket.model.link.LinkHandshake;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One agent's WebSocket: where its handshake stands, and the invocations sent down it that await an
 * answer, by correlation id. When the socket closes every one of them fails at once, so that the
 * broker places it elsewhere without waiting for its deadline.
 */
final class LinkSession {
  enum State {
    AWAITING_HELLO,
    AWAITING_PROOF,
    LINKED,
    CLOSED
  }

  private final Session socket;
  private final String remote;
  private final String brokerNonce = LinkHandshake.nonce();
  private final Map<String, CompletableFuture<LinkFrame>> pending = new ConcurrentHashMap<>();
  private final Set<String> offers = ConcurrentHashMap.newKeySet();
  private final AtomicLong ids = new AtomicLong();
  private volatile State state = State.AWAITING_HELLO;
  private volatile String agentNonce;
  private volatile String providerId;
  private volatile java.security.PublicKey providerKey;

  LinkSession(Session socket) {
    this.socket = socket;
    this.remote = String.valueOf(socket.getRemoteSocketAddress());
  }

  State state() {
    return state;
  }

  String remote() {
    return remote;
  }

  String brokerNonce() {
    return brokerNonce;
  }

  String agentNonce() {
    return agentNonce;
  }

  void challenged(String nonce) {
    agentNonce = nonce;
    state = State.AWAITING_PROOF;
  }

  void linked(String provider, java.security.PublicKey key) {
    providerId = provider;
    providerKey = key;
    state = State.LINKED;
  }

  /** The key the provider proved at the handshake; null before. */
  java.security.PublicKey providerKey() {
    return providerKey;
  }

  /** The authenticated provider; null before the handshake has completed. */
  String providerId() {
    return providerId;
  }

  /** Offers this agent has reported on over the link. */
  Set<String> offers() {
    return offers;
  }

  /**
   * Sends {@code request} under a new correlation id; the future completes with the answer. {@code
   * cancel} (may be null), once the invoke is sent, sends a {@code cancel} frame for it while its
   * answer is still awaited; the answer (the agent's CANCELLED error, or a result already on its
   * way) still completes the future.
   */
  CompletableFuture<LinkFrame> call(InvokeRequest request, Cancellation cancel) {
    String[] sentAs = new String[1];
    CompletableFuture<LinkFrame> answer =
        ask(
            id -> {
              sentAs[0] = id;
              return LinkFrame.invoke(id, request);
            });
    if (cancel != null && sentAs[0] != null) {
      String id = sentAs[0];
      // Bound after the invoke is enqueued, so the agent never hears of a cancel before its invoke.
      cancel.bind(
          () -> {
            if (!answer.isDone() && state == State.LINKED) {
              send(LinkFrame.cancel(id), error -> {});
            }
          });
    }
    return answer;
  }

  /** Sends the frame {@code make} makes for a new correlation id; completes with the answer. */
  CompletableFuture<LinkFrame> ask(java.util.function.Function<String, LinkFrame> make) {
    String id = Long.toString(ids.incrementAndGet(), 36);
    CompletableFuture<LinkFrame> answer = new CompletableFuture<>();
    pending.put(id, answer);
    answer.whenComplete((frame, error) -> pending.remove(id));
    if (state != State.LINKED) {
      answer.completeExceptionally(new IOException("the link is closed"));
      return answer;
    }
    send(
        make.apply(id),
        error ->
            answer.completeExceptionally(
                new IOException("could not send on the link: " + error.getMessage(), error)));
    return answer;
  }

  /** An agent's result or error frame; one for no pending call (late, or unknown) is dropped. */
  void answered(LinkFrame frame) {
    CompletableFuture<LinkFrame> answer = frame.id() == null ? null : pending.get(frame.id());
    if (answer != null) {
      answer.complete(frame);
    }
  }

  int inFlight() {
    return pending.size();
  }

  /** The socket is gone: every call still waiting fails with {@code reason}. */
  void closed(String reason) {
    state = State.CLOSED;
    IOException broken = new IOException("the link broke mid-invocation (" + reason + ")");
    for (CompletableFuture<LinkFrame> answer : pending.values()) {
      answer.completeExceptionally(broken);
    }
  }

  void send(LinkFrame frame, java.util.function.Consumer<Throwable> onFailure) {
    String text = Json.write(frame);
    // Whole messages only, but from many dispatching threads: one enqueue at a time.
    synchronized (socket) {
      socket.sendText(text, Callback.from(() -> {}, onFailure));
    }
  }

  /** Closes the socket with a WebSocket status (1008: policy violation) and a reason. */
  void close(int status, String reason) {
    state = State.CLOSED;
    String text = reason.length() > 120 ? reason.substring(0, 120) : reason;
    socket.close(status, text, Callback.NOOP);
  }

  void abort() {
    state = State.CLOSED;
    socket.disconnect();
  }

  void maxMessageBytes(long bytes) {
    socket.setMaxTextMessageSize(bytes);
  }
}
