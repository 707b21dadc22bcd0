package io.edgemarket.broker.market;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The index's buckets merged into one walk by bound (a bucket's price term plus its next offer's
 * base): a binary heap of one cursor per bucket. Each bucket is ordered by base, so bounds come out
 * non-decreasing and the walk can stop at the first that is too high.
 */
final class BucketCursors {
  private double[] offsets = new double[16];
  private double[] bounds = new double[16];
  private OfferIndex.Node[] heads = new OfferIndex.Node[16];

  private final List<Iterator<OfferIndex.Node>> rests = new ArrayList<>(16);

  private int size;

  /** Adds a bucket whose offers all score at least {@code offset} plus their base. */
  void add(double offset, Iterator<OfferIndex.Node> bucket) {
    if (!bucket.hasNext()) {
      return;
    }
    if (size == bounds.length) {
      int grown = size * 2;
      offsets = Arrays.copyOf(offsets, grown);
      bounds = Arrays.copyOf(bounds, grown);
      heads = Arrays.copyOf(heads, grown);
    }
    OfferIndex.Node head = bucket.next();
    offsets[size] = offset;
    bounds[size] = offset + head.base();
    heads[size] = head;
    if (size == rests.size()) {
      rests.add(bucket);
    } else {
      rests.set(size, bucket);
    }
    up(size++);
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The least score any offer not yet taken can have. */
  double bound() {
    return bounds[0];
  }

  /** Takes the offer with the lowest bound. */
  OfferIndex.Node next() {
    OfferIndex.Node taken = heads[0];
    Iterator<OfferIndex.Node> rest = rests.get(0);
    if (rest.hasNext()) {
      heads[0] = rest.next();
      bounds[0] = offsets[0] + heads[0].base();
    } else {
      size--;
      move(size, 0);
      heads[size] = null;
      rests.set(size, null);
    }
    down(0);
    return taken;
  }

  private void up(int at) {
    while (at > 0) {
      int parent = (at - 1) >>> 1;
      if (bounds[parent] <= bounds[at]) {
        return;
      }
      swap(parent, at);
      at = parent;
    }
  }

  private void down(int at) {
    while (true) {
      int left = 2 * at + 1;
      if (left >= size) {
        return;
      }
      int least = left + 1 < size && bounds[left + 1] < bounds[left] ? left + 1 : left;
      if (bounds[at] <= bounds[least]) {
        return;
      }
      swap(at, least);
      at = least;
    }
  }

  private void move(int from, int to) {
    offsets[to] = offsets[from];
    bounds[to] = bounds[from];
    heads[to] = heads[from];
    rests.set(to, rests.get(from));
  }

  private void swap(int a, int b) {
    double offset = offsets[a];
    double bound = bounds[a];
    OfferIndex.Node head = heads[a];
    Iterator<OfferIndex.Node> rest = rests.get(a);
    move(b, a);
    offsets[b] = offset;
    bounds[b] = bound;
    heads[b] = head;
    rests.set(b, rest);
  }
}
