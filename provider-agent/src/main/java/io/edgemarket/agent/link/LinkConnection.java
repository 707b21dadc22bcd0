package io.edgemarket.agent.link;

import io.edgemarket.model.api.Heartbeat;
import io.edgemarket.model.api.Limits;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.http.AuthenticatedCaller;
import io.edgemarket.model.http.AuthenticationException;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.link.LinkFrame;
import io.edgemarket.model.link.LinkHandshake;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WebSocket to the broker, from the handshake to its end: it checks the broker's challenge
 * against the agent's trust roots before proving the agent's own identity, runs the invocations
 * that arrive on the runners (answering 503 when they are all busy), and sends frames one after the
 * other (the JDK's WebSocket takes one message at a time). It ends once, with a reason.
 */
final class LinkConnection implements WebSocket.Listener {
  /** What the connection tells its owner. */
  interface Events {
    void up(LinkConnection connection, String brokerId);

    void down(LinkConnection connection, String reason);
  }

  enum State {
    CONNECTING,
    AWAITING_CHALLENGE,
    AWAITING_WELCOME,
    UP,
    DOWN
  }

  static final int POLICY_VIOLATION = 1008;
  private static final long MAX_FRAME_CHARS = Limits.MAX_PAYLOAD_BYTES * 2L + 256 * 1024;

  private final Identity identity;
  private final TrustRoots trust;
  private final LinkWork work;
  private final Executor runners;
  private final Events events;
  private final String nonce = LinkHandshake.nonce();
  private final StringBuilder partial = new StringBuilder();
  private final AtomicBoolean ended = new AtomicBoolean();
  // Invocations from the broker not answered yet, by correlation id: what a cancel frame stops.
  private final Map<String, Cancellation> running = new ConcurrentHashMap<>();
  private volatile boolean wasUp;
  private volatile State state = State.CONNECTING;
  private volatile WebSocket socket;
  private volatile long lastHeardNanos = System.nanoTime();
  private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

  LinkConnection(
      Identity identity, TrustRoots trust, LinkWork work, Executor runners, Events events) {
    this.identity = identity;
    this.trust = trust;
    this.work = work;
    this.runners = runners;
    this.events = events;
  }

  void open(HttpClient http, URI uri) {
    http.newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .buildAsync(uri, this)
        .whenComplete(
            (ws, error) -> {
              if (error != null) {
                end("cannot connect: " + rootCause(error));
              }
            });
  }

  boolean isUp() {
    return state == State.UP;
  }

  /** True once the handshake completed, even if the link has ended since. */
  boolean wasUp() {
    return wasUp;
  }

  /**
   * Sends a heartbeat and a ping; false when the link is not up, or has heard nothing from the
   * broker (not even a pong) for {@code silenceLimit}, in which case it is aborted.
   */
  boolean heartbeat(Heartbeat beat, Duration silenceLimit) {
    if (state != State.UP) {
      return false;
    }
    if (System.nanoTime() - lastHeardNanos > silenceLimit.toNanos()) {
      abort("the broker has been silent for " + silenceLimit.toSeconds() + " s");
      return false;
    }
    send(LinkFrame.heartbeat(beat));
    enqueue(ws -> ws.sendPing(ByteBuffer.allocate(0)));
    return true;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    socket = webSocket;
    state = State.AWAITING_CHALLENGE;
    send(LinkFrame.hello(nonce));
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    lastHeardNanos = System.nanoTime();
    partial.append(data);
    if (partial.length() > MAX_FRAME_CHARS) {
      abort("the broker sent a frame larger than " + MAX_FRAME_CHARS + " characters");
      return null;
    }
    if (last) {
      String text = partial.toString();
      partial.setLength(0);
      handle(text);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
    lastHeardNanos = System.nanoTime();
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    end("closed by the broker: " + statusCode + (reason.isEmpty() ? "" : " " + reason));
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    end(rootCause(error));
  }

  private void handle(String text) {
    LinkFrame frame;
    try {
      frame = Json.read(text, LinkFrame.class);
    } catch (IllegalArgumentException e) {
      refuse("the broker sent a malformed frame");
      return;
    }
    String type = frame.type() == null ? "" : frame.type();
    switch (state) {
      case AWAITING_CHALLENGE -> challenged(frame, type);
      case AWAITING_WELCOME -> {
        if (LinkFrame.WELCOME.equals(type)) {
          state = State.UP;
          wasUp = true;
          events.up(this, frame.shake().providerId());
        } else {
          refuse("expected welcome, got " + type);
        }
      }
      case UP -> {
        if (LinkFrame.INVOKE.equals(type) && frame.id() != null && frame.request() != null) {
          run(frame);
        } else if (LinkFrame.CANCEL.equals(type) && frame.id() != null) {
          // One already answered (or never seen) is no longer running: nothing to stop.
          Cancellation cancel = running.get(frame.id());
          if (cancel != null) {
            cancel.cancel();
          }
        } else if (LinkFrame.COLLECT.equals(type) && frame.id() != null) {
          long after = frame.after() == null ? -1 : frame.after();
          send(work.collect(frame.id(), after));
        } else if (LinkFrame.SETTLED.equals(type) && frame.sequences() != null) {
          work.settled(frame.sequences());
        } else if (LinkFrame.PING.equals(type) && frame.id() != null) {
          // Answered here, not by a runner: the round trip measures the network, not a queue.
          send(LinkFrame.pong(frame.id()));
        } else {
          refuse("unexpected frame " + type);
        }
      }
      default -> {}
    }
  }

  /** The broker must prove it is one of this market's brokers before the agent says who it is. */
  private void challenged(LinkFrame frame, String type) {
    if (!LinkFrame.CHALLENGE.equals(type)) {
      refuse("expected challenge, got " + type);
      return;
    }
    AuthenticatedCaller broker;
    try {
      broker = LinkHandshake.verifyChallenge(frame, nonce, trust);
    } catch (AuthenticationException e) {
      refuse("broker refused: " + e.getMessage());
      return;
    }
    state = State.AWAITING_WELCOME;
    String signature = LinkHandshake.signProof(identity, frame.shake().nonce(), nonce, broker.id());
    send(LinkFrame.proof(identity.certificatePem(), signature));
  }

  private void run(LinkFrame frame) {
    String id = frame.id();
    // Registered here, on the thread that reads frames in order, so a cancel never outruns it.
    Cancellation cancel = new Cancellation();
    running.put(id, cancel);
    try {
      runners.execute(
          () -> {
            try {
              send(work.run(id, frame.request(), cancel));
            } finally {
              running.remove(id, cancel);
            }
          });
    } catch (RejectedExecutionException e) {
      running.remove(id, cancel);
      send(LinkFrame.error(id, 503, ErrorCodes.UNAVAILABLE, "all link runners are busy"));
    }
  }

  void send(LinkFrame frame) {
    String text = Json.write(frame);
    enqueue(ws -> ws.sendText(text, true));
  }

  private synchronized void enqueue(
      java.util.function.Function<WebSocket, CompletableFuture<?>> op) {
    WebSocket ws = socket;
    if (ws == null || state == State.DOWN) {
      return;
    }
    sending =
        sending
            .handle((ignored, error) -> null)
            .thenCompose(ignored -> op.apply(ws))
            .whenComplete(
                (ignored, error) -> {
                  if (error != null) {
                    abort("cannot send: " + rootCause(error));
                  }
                });
  }

  private void refuse(String reason) {
    WebSocket ws = socket;
    if (ws != null) {
      ws.sendClose(POLICY_VIOLATION, reason.length() > 120 ? reason.substring(0, 120) : reason)
          .orTimeout(2, TimeUnit.SECONDS)
          .whenComplete((ignored, error) -> ws.abort());
    }
    end(reason);
  }

  /** Drops the TCP connection at once, without a closing handshake. */
  void abort(String reason) {
    WebSocket ws = socket;
    if (ws != null) {
      ws.abort();
    }
    end(reason);
  }

  /** Closes the link cleanly (the agent is stopping); gives up after a second. */
  void close() {
    WebSocket ws = socket;
    end("closed by this agent");
    if (ws != null) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "agent stopping")
          .orTimeout(1, TimeUnit.SECONDS)
          .whenComplete((ignored, error) -> ws.abort());
    }
  }

  private void end(String reason) {
    if (ended.compareAndSet(false, true)) {
      state = State.DOWN;
      events.down(this, reason);
    }
  }

  private static String rootCause(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
