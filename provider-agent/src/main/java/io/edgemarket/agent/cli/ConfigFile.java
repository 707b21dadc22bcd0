package io.edgemarket.agent.cli;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * An agent's settings file: option names without their dashes as keys ({@code price-per-mfuel} or
 * {@code price_per_mfuel}), one value each. Read by its extension: {@code .properties} ({@code
 * key=value}), {@code .toml} ({@code key = "value"} or {@code key = 42}) or {@code .yaml}/{@code
 * .yml} ({@code key: value}). Only flat files: a TOML table or a nested YAML map is refused rather
 * than half read.
 */
final class ConfigFile {
  private ConfigFile() {}

  /** The file's settings, keys normalised to option names ({@code price-per-mfuel}). */
  static Map<String, String> read(Path file) throws IOException {
    String text = Files.readString(file);
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".toml")) {
      return parse(file, text, '=');
    }
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return parse(file, text, ':');
    }
    if (name.endsWith(".properties")) {
      Properties properties = new Properties();
      properties.load(new StringReader(text));
      Map<String, String> settings = new LinkedHashMap<>();
      properties.forEach((k, v) -> settings.put(key(k.toString()), v.toString().strip()));
      return settings;
    }
    throw new IOException(file + ": use a .properties, .toml or .yaml file");
  }

  /** TOML's and YAML's flat subset: {@code key SEP value} lines, comments, quoted strings. */
  private static Map<String, String> parse(Path file, String text, char separator)
      throws IOException {
    Map<String, String> settings = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.equals("---")) {
        continue;
      }
      int at = trimmed.indexOf(separator);
      if (at <= 0 || Character.isWhitespace(line.charAt(0)) || trimmed.startsWith("[")) {
        throw new IOException(
            file + " line " + (i + 1) + ": expected a flat 'key" + separator + " value' setting");
      }
      String value = unquote(trimmed.substring(at + 1).strip());
      if (value.isEmpty()) {
        throw new IOException(file + " line " + (i + 1) + ": no value (nested settings?)");
      }
      settings.put(key(trimmed.substring(0, at).strip()), value);
    }
    return settings;
  }

  /** A quoted value loses its quotes; a bare one loses a trailing comment. */
  private static String unquote(String value) {
    if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')) {
      int end = value.indexOf(value.charAt(0), 1);
      if (end > 0) {
        return value.substring(1, end);
      }
    }
    int comment = value.indexOf(" #");
    return (comment >= 0 ? value.substring(0, comment) : value).strip();
  }

  private static String key(String raw) {
    return raw.strip().replace('_', '-').toLowerCase(Locale.ROOT);
  }
}
