package io.edgemarket.broker.link;

import io.edgemarket.broker.market.OfferBook;
import io.edgemarket.broker.settle.StatementBook;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Statement;
import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.link.LinkFrame;
import io.javalin.websocket.WsConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers linked to this broker, one link each (a newer link of the same provider replaces
 * the older, which is closed), and the way to send one of them an invocation. A provider whose link
 * closes is forgotten at once, and its offers take no work until it reports again.
 */
public final class AgentLinks implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentLinks.class);

  /** WebSocket status for a link replaced by a newer one of the same provider. */
  static final int REPLACED = 4000;

  static final long ACK_MILLIS = 1_000;
  static final long RECOLLECT_MILLIS = 600_000;

  private final Map<String, LinkSession> linked = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;
  private final LinkEndpoint endpoint;
  private final DurableAcks acks = new DurableAcks();
  private final Map<String, Long> collected = new ConcurrentHashMap<>();
  private final ExecutorService collector =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "broker-receipt-collection");
            thread.setDaemon(true);
            return thread;
          });
  private volatile Recollector recollector;
  private volatile StatementBook statements = new StatementBook();

  public AgentLinks(Identity broker, TrustRoots trust, OfferBook book) {
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "broker-link-timer");
              thread.setDaemon(true);
              return thread;
            });
    this.endpoint = new LinkEndpoint(broker, trust, book, this, timer);
    timer.scheduleWithFixedDelay(
        () -> acks.flush(linked), ACK_MILLIS, ACK_MILLIS, TimeUnit.MILLISECONDS);
    LinkPings pings = new LinkPings(book);
    timer.scheduleWithFixedDelay(
        () -> pings.ping(linked),
        LinkPings.EVERY_MILLIS,
        LinkPings.EVERY_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Re-collection (issue 11): each agent that links is asked for the receipts it kept, once per
   * {@value #RECOLLECT_MILLIS} ms, and they go to {@code recollector}.
   */
  public void recollectWith(Recollector recollector) {
    this.recollector = recollector;
  }

  /** Statements agents send over their links go to {@code book} (issue 11). */
  public void statementsTo(StatementBook book) {
    this.statements = book;
  }

  /**
   * An agent's statement over receipts it signed: kept only when it is the linked provider's own
   * and verifies with the key it proved at the handshake. One that does not is logged and dropped;
   * the receipts it names are then verified one by one.
   */
  void statement(LinkSession session, Statement statement) {
    if (!statements.offer(
        session.providerId(), Statement.RECEIPTS, session.providerKey(), statement)) {
      LOG.warn(
          "provider {} sent a statement that is not its own or does not verify; dropped",
          session.providerId());
    }
  }

  /** The settlement queue has forced these receipts: their agents are told to forget them. */
  public void durable(List<Receipt> receipts) {
    acks.durable(receipts);
  }

  /**
   * The broker has decided never to settle this receipt of {@code providerId}'s (the answer of a
   * hedged call another provider won): its agent is told to forget it with the durable ones.
   */
  public void decided(String providerId, long sequence) {
    acks.decided(providerId, sequence);
  }

  /** The agent has been welcomed on {@code session}: collect what it kept, if due. */
  void welcomed(String providerId, LinkSession session) {
    Recollector current = recollector;
    long now = System.currentTimeMillis();
    Long last = collected.get(providerId);
    if (current == null || last != null && now - last < RECOLLECT_MILLIS) {
      return;
    }
    collected.put(providerId, now);
    try {
      collector.execute(() -> ReceiptCollection.run(providerId, session, current));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  /** The WebSocket route's handlers (registered by the HTTP API). */
  public void configure(WsConfig ws) {
    endpoint.configure(ws);
  }

  public boolean linked(String providerId) {
    return linked.containsKey(providerId);
  }

  /** Providers with a link now. */
  public int count() {
    return linked.size();
  }

  /**
   * Sends {@code request} down {@code providerId}'s link and waits for the answer, at most {@code
   * timeoutMillis}. A link that breaks meanwhile ends the wait at once.
   */
  public LinkReply invoke(String providerId, InvokeRequest request, long timeoutMillis) {
    return invoke(providerId, request, timeoutMillis, null);
  }

  /**
   * As {@link #invoke(String, InvokeRequest, long)}; {@code cancel} (may be null) tells the agent
   * to stop it (a {@code cancel} frame), and the wait goes on for the agent's answer to that.
   */
  public LinkReply invoke(
      String providerId, InvokeRequest request, long timeoutMillis, Cancellation cancel) {
    LinkSession session = linked.get(providerId);
    if (session == null) {
      return new LinkReply.Lost(providerId + " has no link", false);
    }
    CompletableFuture<LinkFrame> answer = session.call(request, cancel);
    LinkFrame frame;
    try {
      frame = answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.cancel(false);
      return new LinkReply.Lost("no answer within " + timeoutMillis + " ms", true);
    } catch (ExecutionException e) {
      return new LinkReply.Lost(e.getCause().getMessage(), true);
    } catch (InterruptedException e) {
      answer.cancel(false);
      Thread.currentThread().interrupt();
      return new LinkReply.Lost("interrupted", true);
    }
    if (LinkFrame.RESULT.equals(frame.type()) && frame.response() != null) {
      return new LinkReply.Answered(frame.response());
    }
    if (LinkFrame.ERROR.equals(frame.type()) && frame.error() != null) {
      LinkFrame.Problem problem = frame.error();
      return new LinkReply.Failed(problem.status(), problem.code(), problem.message());
    }
    return new LinkReply.Failed(502, null, "malformed answer on the link");
  }

  void attach(String providerId, LinkSession session) {
    LinkSession older = linked.put(providerId, session);
    if (older != null && older != session) {
      older.close(REPLACED, "replaced by a newer link");
    }
  }

  /** True when {@code session} was the provider's current link (now forgotten). */
  boolean detach(String providerId, LinkSession session) {
    return linked.remove(providerId, session);
  }

  @Override
  public void close() {
    endpoint.closeAll();
    collector.shutdownNow();
    timer.shutdownNow();
  }
}
