package io.edgemarket.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The figures of a JMH run, read from its JSON result file ({@code -rf json}). */
final class JmhResults {
  /** One benchmark's primary metric. Percentiles are -1 unless the mode was SampleTime. */
  record Figure(double score, double error, String unit, double p50, double p99) {}

  private final Map<String, Figure> figures;

  private JmhResults(Map<String, Figure> figures) {
    this.figures = figures;
  }

  static JmhResults read(Path json) throws IOException {
    Map<String, Figure> figures = new HashMap<>();
    if (Files.exists(json)) {
      for (JsonNode run : Json.tree(Files.readString(json))) {
        String name = run.get("benchmark").asText();
        JsonNode metric = run.get("primaryMetric");
        JsonNode percentiles = metric.path("scorePercentiles");
        figures.put(
            name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1)
                + params(run.path("params")),
            new Figure(
                metric.get("score").asDouble(),
                metric.path("scoreError").asDouble(Double.NaN),
                metric.get("scoreUnit").asText(),
                percentiles.path("50.0").asDouble(-1),
                percentiles.path("99.0").asDouble(-1)));
      }
    }
    return new JmhResults(figures);
  }

  /** A parameterised run's key suffix, {@code [offers=100000]}; empty without parameters. */
  private static String params(JsonNode params) {
    if (params.isMissingNode() || params.isEmpty()) {
      return "";
    }
    StringBuilder suffix = new StringBuilder("[");
    params
        .fields()
        .forEachRemaining(
            p ->
                suffix
                    .append(suffix.length() > 1 ? "," : "")
                    .append(p.getKey())
                    .append('=')
                    .append(p.getValue().asText()));
    return suffix.append(']').toString();
  }

  /**
   * By {@code Class.method}, e.g. {@code WasmStartBench.warmStart}, with its parameters when it has
   * any, e.g. {@code MatchBench.rank[offers=100000]}; null when it did not run.
   */
  Figure get(String benchmark) {
    return figures.get(benchmark);
  }
}
