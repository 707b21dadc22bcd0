package io.edgemarket.agent.link;

import io.edgemarket.model.api.Heartbeat;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.link.LinkHandshake;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the agent's link to its broker up: connects, and whenever the link ends (the broker
 * restarts, the network drops, the handshake is refused) connects again after an exponential
 * backoff with jitter ({@value #FIRST_RETRY_MILLIS} ms doubling to {@value #MAX_RETRY_MILLIS} ms,
 * back to the start once a link has worked). Invocations that arrive run on up to {@code
 * maxInFlight} threads at once. An answer whose link broke meanwhile is lost, never sent on a later
 * link: the broker has already placed that invocation elsewhere, and nothing is paid without the
 * broker accepting the receipt.
 */
public final class BrokerLink implements AutoCloseable {
  static final long FIRST_RETRY_MILLIS = 250;
  static final long MAX_RETRY_MILLIS = 15_000;
  private static final Logger LOG = LoggerFactory.getLogger(BrokerLink.class);

  private final URI uri;
  private final Identity identity;
  private final TrustRoots trust;
  private final HttpClient http;
  private final LinkWork work;
  private final Runnable onChange;
  private final Duration silenceLimit;
  private final ScheduledExecutorService timer;
  private final ThreadPoolExecutor runners;
  private final Backoff backoff = new Backoff(FIRST_RETRY_MILLIS, MAX_RETRY_MILLIS);
  private final LinkConnection.Events events = new Events();
  private volatile LinkConnection current;
  private volatile boolean closed;
  private String ongoingProblem; // on the timer thread only

  /**
   * @param broker the broker's base URL (http or https; the link is ws or wss on the same address)
   * @param http the client the agent reaches the broker with (its TLS settings apply to the link)
   * @param heartbeatInterval how often the agent reports; a broker silent for four of them (at
   *     least 15 s) is taken for gone
   * @param onChange told whenever the link comes up or goes down
   */
  public BrokerLink(
      URI broker,
      Identity identity,
      TrustRoots trust,
      HttpClient http,
      int maxInFlight,
      Duration heartbeatInterval,
      LinkWork work,
      Runnable onChange) {
    this(
        broker,
        identity,
        trust,
        http,
        maxInFlight,
        heartbeatInterval,
        work,
        onChange,
        task -> daemon(task, "provider-agent-link-invocation"));
  }

  /**
   * As above, with the invocations run on threads from {@code runnerThreads} (the agent's: threads
   * that run a Wasm function themselves, with no hand-off to a sandbox worker).
   */
  public BrokerLink(
      URI broker,
      Identity identity,
      TrustRoots trust,
      HttpClient http,
      int maxInFlight,
      Duration heartbeatInterval,
      LinkWork work,
      Runnable onChange,
      java.util.concurrent.ThreadFactory runnerThreads) {
    this.uri = LinkHandshake.linkUri(broker);
    this.identity = identity;
    this.trust = trust;
    this.http = http;
    this.work = work;
    this.onChange = onChange;
    Duration four = heartbeatInterval.multipliedBy(4);
    this.silenceLimit = four.compareTo(Duration.ofSeconds(15)) > 0 ? four : Duration.ofSeconds(15);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "provider-agent-link"));
    // A few more runners than slots: the extra ones answer 503 at once, as /invoke would.
    this.runners =
        new ThreadPoolExecutor(
            0, maxInFlight + 8, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), runnerThreads);
  }

  /** Starts connecting; returns at once. */
  public void start() {
    timer.execute(this::connect);
  }

  /** The link's WebSocket URL. */
  public URI uri() {
    return uri;
  }

  public boolean isUp() {
    LinkConnection connection = current;
    return connection != null && connection.isUp();
  }

  /** Sends a heartbeat on the link; false when the link is not up (then send it another way). */
  public boolean heartbeat(Heartbeat beat) {
    LinkConnection connection = current;
    return connection != null && connection.heartbeat(beat, silenceLimit);
  }

  /**
   * Sends the agent's statement over receipts it signed; false when the link is not up (the
   * receipts are then verified one by one).
   */
  public boolean statement(io.edgemarket.model.Statement statement) {
    LinkConnection connection = current;
    if (connection == null || !connection.isUp()) {
      return false;
    }
    connection.send(io.edgemarket.model.link.LinkFrame.statement(statement));
    return true;
  }

  /** Drops the connection at once, as a network failure would (it then reconnects). */
  public void abort() {
    LinkConnection connection = current;
    if (connection != null) {
      connection.abort("aborted by this agent");
    }
  }

  private void connect() {
    if (closed) {
      return;
    }
    LinkConnection connection = new LinkConnection(identity, trust, work, runners, events);
    current = connection;
    connection.open(http, uri);
  }

  private void later(Runnable task, long delayMillis) {
    try {
      timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  /** Stops reconnecting and closes the link; invocations still running are not waited for. */
  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    LinkConnection connection = current;
    if (connection != null) {
      connection.close();
    }
    runners.shutdown();
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  private final class Events implements LinkConnection.Events {
    @Override
    public void up(LinkConnection connection, String providerId) {
      later(
          () -> {
            backoff.reset();
            ongoingProblem = null;
            LOG.info("{} linked to the broker at {}", providerId, uri);
          },
          0);
      onChange.run();
    }

    @Override
    public void down(LinkConnection connection, String reason) {
      if (closed || connection != current) {
        return;
      }
      later(() -> reconnect(connection, reason), 0);
      if (connection.wasUp()) {
        onChange.run();
      }
    }

    private void reconnect(LinkConnection connection, String reason) {
      if (closed || connection != current) {
        return;
      }
      long wait = backoff.next();
      if (!reason.equals(ongoingProblem)) {
        LOG.warn("link to the broker at {} down ({}); reconnecting", uri, reason);
        ongoingProblem = reason;
      } else {
        LOG.debug("link to the broker still down ({}); next attempt in {} ms", reason, wait);
      }
      later(BrokerLink.this::connect, wait);
    }
  }
}
