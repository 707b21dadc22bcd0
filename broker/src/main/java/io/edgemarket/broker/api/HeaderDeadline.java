package io.edgemarket.broker.api;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose request head (request line and headers) has been arriving for longer
 * than the deadline: a slowloris client. Jetty's idle timeout cannot, since every byte, however
 * slow, resets it, so one byte a second would hold a connection for hours. Bodies are not bounded
 * this way (a large upload over a slow link is legitimate); only the head, which a client sends at
 * once. Once a second, a sweep looks at every open connection's parser.
 */
final class HeaderDeadline extends AbstractLifeCycle implements Runnable {
  /** Far above what any client needs to send a head of at most Jetty's 8 KiB. */
  static final Duration DEFAULT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);
  private static final long SWEEP_MILLIS = 1000;

  /** When a connection was first seen mid-head, for its {@code messages}-th request. */
  private record Started(long messages, long atNanos) {}

  private final Server server;
  private final long limitNanos;
  private final Map<EndPoint, Started> started = new ConcurrentHashMap<>();
  private volatile Scheduler.Task next;

  HeaderDeadline(Server server, Duration limit) {
    this.server = server;
    this.limitNanos = limit.toNanos();
  }

  @Override
  protected void doStart() {
    schedule();
  }

  @Override
  protected void doStop() {
    Scheduler.Task task = next;
    if (task != null) {
      task.cancel();
    }
    started.clear();
  }

  private void schedule() {
    if (isRunning() || isStarting()) {
      next = server.getScheduler().schedule(this, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void run() {
    try {
      sweep(System.nanoTime());
    } catch (RuntimeException e) {
      LOG.warn("header deadline sweep failed", e);
    } finally {
      schedule();
    }
  }

  private void sweep(long now) {
    Map<EndPoint, Started> seen = new HashMap<>();
    for (Connector connector : server.getConnectors()) {
      if (!(connector instanceof AbstractConnector network)) {
        continue;
      }
      for (EndPoint endPoint : network.getConnectedEndPoints()) {
        HttpConnection http = http(endPoint.getConnection());
        if (http == null || !midHead(http.getParser())) {
          continue;
        }
        Started before = started.get(endPoint);
        Started current =
            before != null && before.messages() == http.getMessagesIn()
                ? before
                : new Started(http.getMessagesIn(), now);
        if (now - current.atNanos() > limitNanos) {
          LOG.warn(
              "closing a connection from {}: its request head took over {} s",
              endPoint.getRemoteSocketAddress(),
              TimeUnit.NANOSECONDS.toSeconds(limitNanos));
          endPoint.close();
        } else {
          seen.put(endPoint, current);
        }
      }
    }
    started.keySet().retainAll(seen.keySet());
    started.putAll(seen);
  }

  private static boolean midHead(HttpParser parser) {
    return parser.inHeaderState() && !parser.isStart();
  }

  private static HttpConnection http(Connection connection) {
    if (connection instanceof SslConnection tls) {
      connection = tls.getSslEndPoint().getConnection();
    }
    return connection instanceof HttpConnection http ? http : null;
  }
}
