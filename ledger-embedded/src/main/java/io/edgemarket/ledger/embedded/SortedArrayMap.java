package io.edgemarket.ledger.embedded;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;

/**
 * Keys already in {@link KeyOrder} with their values, seen as a {@link SortedMap} only so that a
 * {@code ConcurrentSkipListMap} can be built from them in linear time (its copy constructor from a
 * sorted map links the entries in order instead of searching for each). Nothing else is supported.
 */
final class SortedArrayMap<V> extends AbstractMap<String, V> implements SortedMap<String, V> {
  private final List<String> keys;
  private final List<V> values;

  SortedArrayMap(List<String> keys, List<V> values) {
    if (keys.size() != values.size()) {
      throw new IllegalArgumentException("keys and values differ in number");
    }
    this.keys = keys;
    this.values = values;
  }

  @Override
  public Comparator<? super String> comparator() {
    return KeyOrder.CODE_POINTS;
  }

  @Override
  public Set<Entry<String, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, V>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < keys.size();
          }

          @Override
          public Entry<String, V> next() {
            if (next >= keys.size()) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return Map.entry(keys.get(i), values.get(i));
          }
        };
      }

      @Override
      public int size() {
        return keys.size();
      }
    };
  }

  @Override
  public SortedMap<String, V> subMap(String fromKey, String toKey) {
    throw new UnsupportedOperationException();
  }

  @Override
  public SortedMap<String, V> headMap(String toKey) {
    throw new UnsupportedOperationException();
  }

  @Override
  public SortedMap<String, V> tailMap(String fromKey) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String firstKey() {
    return keys.get(0);
  }

  @Override
  public String lastKey() {
    return keys.get(keys.size() - 1);
  }
}
