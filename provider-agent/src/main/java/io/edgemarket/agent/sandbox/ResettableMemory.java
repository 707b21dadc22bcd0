package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;

/**
 * A function's linear memory that can be put back as it was when its instance was built, so that an
 * instance may serve another execution without leaking this one's data (see {@link
 * WarmInstance#reset}). Chicory's {@link ByteArrayMemory} underneath; every write marks the 4 KiB
 * chunks it touches, and {@link #reset} restores only those from the module's {@link MemoryImage}:
 * a few KiB for a typical call, where building a fresh memory allocates and zeroes all of it.
 *
 * <p>A memory that grew, or whose passive data was dropped, cannot be put back: its instance is
 * dropped instead. Used by one thread at a time.
 */
final class ResettableMemory implements Memory {

  static final int CHUNK_SHIFT = 12;
  static final int CHUNK_BYTES = 1 << CHUNK_SHIFT;

  // Where marks go once the memory grew: large enough for any address, never read.
  private static final byte[] UNTRACKED = new byte[(RUNTIME_MAX_PAGES << 4) + 1];

  private final ByteArrayMemory inner;
  private final int initialPages;
  private byte[] dirty;
  private boolean spoiled;

  ResettableMemory(MemoryLimits limits) {
    this.inner = new ByteArrayMemory(limits);
    this.initialPages = limits.initialPages();
    this.dirty = new byte[chunks(initialPages)];
  }

  static int chunks(int pages) {
    return pages << 4;
  }

  /** Forgets the writes so far: the memory as it is now is the image to restore. */
  void settle() {
    java.util.Arrays.fill(dirty, (byte) 0);
  }

  /**
   * Puts the memory back to {@code image}; false if it cannot be (it grew or dropped data), and
   * then it must not run again.
   */
  boolean reset(MemoryImage image) {
    if (spoiled || inner.pages() != initialPages) {
      return false;
    }
    byte[] marks = dirty;
    for (int chunk = 0; chunk < marks.length; chunk++) {
      if (marks[chunk] != 0) {
        image.restore(inner, chunk);
        marks[chunk] = 0;
      }
    }
    return true;
  }

  /** A copy of one chunk, for the image; null when it is all zeros. */
  byte[] chunk(int index) {
    byte[] bytes = inner.readBytes(index << CHUNK_SHIFT, CHUNK_BYTES);
    for (byte b : bytes) {
      if (b != 0) {
        return bytes;
      }
    }
    return null;
  }

  private void mark(int addr, int size) {
    byte[] marks = dirty;
    marks[addr >>> CHUNK_SHIFT] = 1;
    marks[(addr + size - 1) >>> CHUNK_SHIFT] = 1;
  }

  private void markRange(int from, int size) {
    if (size <= 0) {
      return;
    }
    byte[] marks = dirty;
    int last = (from + size - 1) >>> CHUNK_SHIFT;
    for (int chunk = from >>> CHUNK_SHIFT; chunk <= last; chunk++) {
      marks[chunk] = 1;
    }
  }

  @Override
  public int pages() {
    return inner.pages();
  }

  @Override
  public int grow(int size) {
    int previous = inner.pages();
    int result = inner.grow(size);
    if (inner.pages() != previous) {
      // The buffer may now be larger than any chunk array sized for the pages; this memory is
      // never reset again, so its marks need not be kept.
      spoiled = true;
      dirty = UNTRACKED;
    }
    return result;
  }

  @Override
  public int initialPages() {
    return inner.initialPages();
  }

  @Override
  public int maximumPages() {
    return inner.maximumPages();
  }

  @Override
  public boolean shared() {
    return inner.shared();
  }

  @Override
  public Object lock(int address) {
    return inner.lock(address);
  }

  @Override
  public int waitOn(int address, int expected, long timeout) {
    return inner.waitOn(address, expected, timeout);
  }

  @Override
  public int waitOn(int address, long expected, long timeout) {
    return inner.waitOn(address, expected, timeout);
  }

  @Override
  public int notify(int address, int maxThreads) {
    return inner.notify(address, maxThreads);
  }

  @Override
  public void initialize(Instance instance, DataSegment[] dataSegments) {
    inner.initialize(instance, dataSegments);
    markRange(0, inner.pages() * PAGE_SIZE);
  }

  @Override
  public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
    inner.initPassiveSegment(segmentId, dest, offset, size);
    markRange(dest, size);
  }

  @Override
  public void write(int addr, byte[] data, int offset, int size) {
    inner.write(addr, data, offset, size);
    markRange(addr, size);
  }

  @Override
  public byte read(int addr) {
    return inner.read(addr);
  }

  @Override
  public byte[] readBytes(int addr, int len) {
    return inner.readBytes(addr, len);
  }

  @Override
  public void writeI32(int addr, int data) {
    inner.writeI32(addr, data);
    mark(addr, 4);
  }

  @Override
  public int readInt(int addr) {
    return inner.readInt(addr);
  }

  @Override
  public void writeLong(int addr, long data) {
    inner.writeLong(addr, data);
    mark(addr, 8);
  }

  @Override
  public long readLong(int addr) {
    return inner.readLong(addr);
  }

  @Override
  public void writeShort(int addr, short data) {
    inner.writeShort(addr, data);
    mark(addr, 2);
  }

  @Override
  public short readShort(int addr) {
    return inner.readShort(addr);
  }

  @Override
  public long readU16(int addr) {
    return inner.readU16(addr);
  }

  @Override
  public void writeByte(int addr, byte data) {
    inner.writeByte(addr, data);
    dirty[addr >>> CHUNK_SHIFT] = 1;
  }

  @Override
  public void writeF32(int addr, float data) {
    inner.writeF32(addr, data);
    mark(addr, 4);
  }

  @Override
  public long readF32(int addr) {
    return inner.readF32(addr);
  }

  @Override
  public float readFloat(int addr) {
    return inner.readFloat(addr);
  }

  @Override
  public void writeF64(int addr, double data) {
    inner.writeF64(addr, data);
    mark(addr, 8);
  }

  @Override
  public double readDouble(int addr) {
    return inner.readDouble(addr);
  }

  @Override
  public long readF64(int addr) {
    return inner.readF64(addr);
  }

  @Override
  public void zero() {
    inner.zero();
    markRange(0, inner.pages() * PAGE_SIZE);
  }

  @Override
  public void fill(byte value, int fromIndex, int toIndex) {
    inner.fill(value, fromIndex, toIndex);
    markRange(fromIndex, toIndex - fromIndex);
  }

  @Override
  public void drop(int segment) {
    inner.drop(segment);
    spoiled = true;
  }
}
