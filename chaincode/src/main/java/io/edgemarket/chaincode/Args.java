package io.edgemarket.chaincode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgemarket.model.json.Json;
import java.util.Locale;

/** Parses transaction arguments (all strings), failing with BAD_REQUEST. */
final class Args {
  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 1000;
  static final int MAX_REFERENCE = 256;

  private Args() {}

  static <T> T json(String json, Class<T> type, String what) {
    if (json == null || json.isBlank()) {
      throw Errors.badRequest(what + " is missing");
    }
    try {
      return Json.read(json, type);
    } catch (IllegalArgumentException e) {
      throw Errors.badRequest(what + ": " + e.getMessage());
    }
  }

  /**
   * As {@link #json(String, Class, String)}, but numeric fields the ledger fills in itself (a
   * timestamp) may be left out: the shared mapper treats an absent number as an error, which is
   * right for every field the caller decides and pointless for these.
   */
  static <T> T json(String json, Class<T> type, String what, String... ledgerFilledNumbers) {
    if (json == null || json.isBlank()) {
      throw Errors.badRequest(what + " is missing");
    }
    try {
      if (!(Json.tree(json) instanceof ObjectNode object)) {
        throw Errors.badRequest(what + " must be a JSON object");
      }
      for (String field : ledgerFilledNumbers) {
        if (!object.has(field)) {
          object.put(field, 0);
        }
      }
      return Json.mapper().treeToValue(object, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw Errors.badRequest(what + ": " + e.getMessage());
    }
  }

  static String id(String name, String value) {
    if (!Keys.isValidId(value)) {
      throw Errors.badRequest(
          name + " must be 1-" + Keys.MAX_ID_LENGTH + " printable characters, got " + quote(value));
    }
    return value;
  }

  static long positiveAmount(String text) {
    long amount;
    try {
      amount = Long.parseLong(text == null ? "" : text.trim());
    } catch (NumberFormatException e) {
      throw Errors.badRequest("amount must be an integer number of minor units: " + quote(text));
    }
    if (amount <= 0 || amount > Money.MAX_AMOUNT) {
      throw Errors.badRequest("amount must be 1.." + Money.MAX_AMOUNT + ": " + amount);
    }
    return amount;
  }

  static int pageSize(Integer value) {
    int size = value == null ? DEFAULT_PAGE_SIZE : value;
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw Errors.badRequest("pageSize must be 1.." + MAX_PAGE_SIZE + ": " + size);
    }
    return size;
  }

  static int pageSize(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_PAGE_SIZE;
    }
    try {
      return pageSize(Integer.valueOf(text.trim()));
    } catch (NumberFormatException e) {
      throw Errors.badRequest("pageSize must be an integer: " + quote(text));
    }
  }

  static String bookmark(String bookmark) {
    return bookmark == null ? "" : bookmark;
  }

  static boolean flag(String name, String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "true" -> true;
      case "false", "" -> false;
      default -> throw Errors.badRequest(name + " must be true or false: " + quote(text));
    };
  }

  static String reference(String reference) {
    String value = reference == null ? "" : reference;
    if (value.length() > MAX_REFERENCE) {
      throw Errors.badRequest("reference longer than " + MAX_REFERENCE + " characters");
    }
    return value;
  }

  private static String quote(String value) {
    if (value == null) {
      return "null";
    }
    return "\"" + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "\"";
  }
}
