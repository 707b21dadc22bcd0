package io.edgemarket.broker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.testing.Await;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slowloris client (issue 13): a request head sent one byte a second, which resets Jetty's idle
 * timeout at every byte and would hold the connection for hours. {@link HeaderDeadline} closes it
 * once its head has taken longer than {@link HeaderDeadline#DEFAULT}; meanwhile others are served.
 */
class SlowClientTest {
  @TempDir Path dir;

  @Test
  void aHeadSentOneByteASecondIsClosedAndOthersAreServedMeanwhile() throws Exception {
    try (TestMarket market = new TestMarket(dir, 0, Duration.ofMillis(50));
        Socket slow = connect(market.broker().url())) {
      ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
      try {
        byte[] head =
            ("GET /api/v1/public/market HTTP/1.1\r\nHost: broker\r\nX-Slow: " + "a".repeat(7000))
                .getBytes(StandardCharsets.US_ASCII);
        AtomicInteger sent = new AtomicInteger();
        OutputStream out = slow.getOutputStream();
        drip.scheduleAtFixedRate(
            () -> {
              try {
                out.write(head[sent.getAndIncrement() % head.length]);
                out.flush();
              } catch (IOException closed) {
                throw new IllegalStateException(closed); // ends the schedule
              }
            },
            0,
            1,
            TimeUnit.SECONDS);
        // The server's end of the connection: -1 (or a reset) once the broker closes it.
        CompletableFuture<Integer> closed =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return slow.getInputStream().read();
                  } catch (IOException reset) {
                    return -1;
                  }
                });
        SignedClient open = market.client(null);
        AtomicInteger servedMeanwhile = new AtomicInteger();
        Await.until(
            "the broker to close the slow connection",
            () -> {
              if (open.get("/api/v1/public/market").status() == 200 && !closed.isDone()) {
                servedMeanwhile.incrementAndGet();
              }
              return closed.isDone();
            });
        assertEquals(-1, closed.get(), "closed without an answer");
        assertTrue(sent.get() > 2, "the slow client had sent " + sent.get() + " bytes");
        assertTrue(servedMeanwhile.get() > 0, "others were served while it dripped");
        assertEquals(200, open.get("/api/v1/public/market").status());
      } finally {
        drip.shutdownNow();
      }
    }
  }

  private static Socket connect(String url) throws IOException {
    URI base = URI.create(url);
    return new Socket(base.getHost(), base.getPort());
  }
}
