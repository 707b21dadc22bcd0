package io.edgemarket.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The load generator's {@code RESULT key=value ...} line, read back from its output. */
final class LoadResult {
  private final Map<String, String> values;

  private LoadResult(Map<String, String> values) {
    this.values = values;
  }

  static LoadResult read(Path output) throws IOException {
    Map<String, String> values = new HashMap<>();
    if (Files.exists(output)) {
      for (String line : Files.readAllLines(output)) {
        if (line.startsWith("RESULT ")) {
          for (String pair : line.substring(7).trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), pair.substring(eq + 1));
          }
        }
      }
    }
    return new LoadResult(values);
  }

  boolean present() {
    return !values.isEmpty();
  }

  String text(String key) {
    return values.getOrDefault(key, "?");
  }

  double number(String key) {
    return Double.parseDouble(values.getOrDefault(key, "NaN"));
  }
}
