package io.edgemarket.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What the broker's Prometheus {@code /metrics} (open, no signature) says about settlement and
 * invocations at one moment: receipts waiting for settlement (the backlog), receipts settled so
 * far, invocations by outcome, and its own overhead timer's p50/p99 (seconds, decaying window).
 * Missing figures are NaN: a broker without them (or on https we cannot reach) still gets measured.
 */
record BrokerGauges(
    double queueDepth,
    double settled,
    double invocationsOk,
    double invocationsRejected,
    double overheadP50Seconds,
    double overheadP99Seconds) {

  static final BrokerGauges NONE =
      new BrokerGauges(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  static BrokerGauges read(HttpClient http, URI broker) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(broker.resolve("/metrics")).timeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? parse(response.body()) : NONE;
    } catch (IOException e) {
      return NONE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return NONE;
    }
  }

  static BrokerGauges parse(String exposition) {
    Map<String, Double> values = new HashMap<>();
    for (String line : exposition.split("\n")) {
      int space = line.lastIndexOf(' ');
      if (line.startsWith("#") || space < 0) {
        continue;
      }
      try {
        // Labels as micrometer writes them, without the trailing comma some versions add.
        values.put(
            line.substring(0, space).replace(",}", "}"),
            Double.parseDouble(line.substring(space + 1)));
      } catch (NumberFormatException e) {
        // not a sample line
      }
    }
    return new BrokerGauges(
        values.getOrDefault("edgemarket_settlement_queue_depth", Double.NaN),
        values.getOrDefault("edgemarket_receipts_settled_total", Double.NaN),
        values.getOrDefault("edgemarket_invocations_total{outcome=\"OK\"}", 0.0),
        values.getOrDefault("edgemarket_invocations_total{outcome=\"REJECTED\"}", 0.0),
        values.getOrDefault("edgemarket_broker_overhead_seconds{quantile=\"0.5\"}", Double.NaN),
        values.getOrDefault("edgemarket_broker_overhead_seconds{quantile=\"0.99\"}", Double.NaN));
  }
}
