package io.edgemarket.ledger.embedded;

import java.util.Collections;
import java.util.Comparator;
import java.util.NavigableMap;

/**
 * Orders keys the way Fabric's state database does: by their UTF-8 bytes, which is Unicode code
 * point order. Java's {@link String#compareTo} compares UTF-16 code units instead, which puts
 * characters above U+E000 after supplementary ones; Fabric ends partial composite key ranges with
 * U+10FFFF, so with String order keys containing such characters would fall out of those ranges.
 */
final class KeyOrder {
  static final Comparator<String> CODE_POINTS = KeyOrder::compare;

  private KeyOrder() {}

  static int compare(String a, String b) {
    int common = Math.min(a.length(), b.length());
    for (int i = 0; i < common; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return rank(x) - rank(y);
      }
    }
    return a.length() - b.length();
  }

  /** Moves surrogates (U+D800-DFFF) above U+E000-FFFF so code units sort as code points do. */
  private static int rank(char c) {
    if (c < 0xD800) {
      return c;
    }
    return c >= 0xE000 ? c - 0x800 : c + 0x2000;
  }

  /** Keys from {@code start} (inclusive) to {@code end} (exclusive); an empty end is unbounded. */
  static <V> NavigableMap<String, V> range(NavigableMap<String, V> map, String start, String end) {
    if (end.isEmpty()) {
      return map.tailMap(start, true);
    }
    if (compare(start, end) > 0) {
      return Collections.emptyNavigableMap();
    }
    return map.subMap(start, true, end, false);
  }

  /** Keys from {@code start} through {@code last}, both inclusive. */
  static <V> NavigableMap<String, V> through(
      NavigableMap<String, V> map, String start, String last) {
    if (compare(start, last) > 0) {
      return Collections.emptyNavigableMap();
    }
    return map.subMap(start, true, last, true);
  }
}
