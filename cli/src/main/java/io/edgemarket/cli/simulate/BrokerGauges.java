package io.edgemarket.cli.simulate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A few of the broker's own figures, read from its Prometheus {@code /metrics} as an operator
 * would.
 */
final class BrokerGauges {
  static final String QUEUE_DEPTH = "edgemarket_settlement_queue_depth";
  static final String SETTLED = "edgemarket_receipts_settled_total";
  static final String REJECTED = "edgemarket_receipts_rejected_total";
  static final String LIVE_OFFERS = "edgemarket_offers_live";

  private final HttpClient http = HttpClient.newHttpClient();
  private final HttpRequest request;

  BrokerGauges(URI broker) {
    this.request =
        HttpRequest.newBuilder(broker.resolve("/metrics")).timeout(Duration.ofSeconds(10)).build();
  }

  /** The sum over every series of {@code name} (0 when absent). */
  double read(String name) throws IOException, InterruptedException {
    String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    double sum = 0;
    for (String line : body.split("\n")) {
      if (line.startsWith(name)
          && (line.charAt(name.length()) == ' ' || line.charAt(name.length()) == '{')) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** Waits until no receipt waits for settlement (two reads in a row), at most {@code timeout}. */
  boolean awaitSettled(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int empty = 0;
    while (System.nanoTime() < deadline) {
      empty = read(QUEUE_DEPTH) == 0 ? empty + 1 : 0;
      if (empty >= 2) {
        return true;
      }
      Thread.sleep(500);
    }
    return false;
  }
}
