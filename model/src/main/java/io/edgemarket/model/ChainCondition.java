package io.edgemarket.model;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * When a chain step fires: a condition on its upstream run's output, written {@code always}, {@code
 * nonEmpty}, {@code contains:<text>} (the output holds the UTF-8 text) or {@code json:<JSON
 * pointer>=<JSON value>} (the output is JSON and the value at the pointer equals the given one;
 * numbers compare by value, so {@code 1} equals {@code 1.0}). The pointer ends at the first {@code
 * =}. {@link #text} is what the grant's trigger holds.
 */
public record ChainCondition(String kind, String argument) {
  public static final String ALWAYS = "always";
  public static final String NON_EMPTY = "nonEmpty";
  public static final String CONTAINS = "contains";
  public static final String JSON = "json";

  // Trailing tokens refused: "1 2" is not one JSON value.
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Comparator<JsonNode> BY_VALUE =
      (a, b) ->
          a.isNumber() && b.isNumber()
              ? a.decimalValue().compareTo(b.decimalValue())
              : a.equals(b) ? 0 : 1;

  /** Parses a condition; IllegalArgumentException saying what is wrong with it. */
  public static ChainCondition parse(String text) {
    if (ALWAYS.equals(text) || NON_EMPTY.equals(text)) {
      return new ChainCondition(text, "");
    }
    if (text != null && text.startsWith(CONTAINS + ":")) {
      String needle = text.substring(CONTAINS.length() + 1);
      if (needle.isEmpty()) {
        throw new IllegalArgumentException("contains: needs a text to look for");
      }
      return new ChainCondition(CONTAINS, needle);
    }
    if (text != null && text.startsWith(JSON + ":")) {
      String rest = text.substring(JSON.length() + 1);
      int eq = rest.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("json: is json:<JSON pointer>=<JSON value>");
      }
      pointer(rest.substring(0, eq));
      value(rest.substring(eq + 1));
      return new ChainCondition(JSON, rest);
    }
    throw new IllegalArgumentException(
        "a condition is always, nonEmpty, contains:<text> or json:<JSON pointer>=<JSON value>, got "
            + text);
  }

  /** The condition as a trigger holds it. */
  public String text() {
    return argument.isEmpty() ? kind : kind + ":" + argument;
  }

  /** Whether an upstream run that answered {@code output} fires the step. */
  public boolean test(byte[] output) {
    byte[] out = output == null ? new byte[0] : output;
    switch (kind) {
      case ALWAYS:
        return true;
      case NON_EMPTY:
        return out.length > 0;
      case CONTAINS:
        return new String(out, StandardCharsets.UTF_8).contains(argument);
      default:
        int eq = argument.indexOf('=');
        JsonNode expected = value(argument.substring(eq + 1));
        try {
          JsonNode found = MAPPER.readTree(out).at(pointer(argument.substring(0, eq)));
          return !found.isMissingNode() && found.equals(BY_VALUE, expected);
        } catch (IOException | RuntimeException e) {
          return false; // not JSON: the condition is not met
        }
    }
  }

  private static JsonPointer pointer(String text) {
    try {
      return JsonPointer.compile(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a JSON pointer (empty, or starting with /)");
    }
  }

  private static JsonNode value(String text) {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new IllegalArgumentException("empty");
      }
      return node;
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not one JSON value (strings are quoted: \"x\")");
    }
  }
}
