package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.runtime.Memory;

/**
 * A module's linear memory as instantiation leaves it (zeros and its data segments), kept sparse in
 * 4 KiB chunks: only chunks holding data are stored. What {@link ResettableMemory#reset} puts back.
 * The same for every instance of a module, so one is kept per module. Immutable.
 */
final class MemoryImage {

  private final int pages;
  private final byte[][] chunks;

  private MemoryImage(int pages, byte[][] chunks) {
    this.pages = pages;
    this.chunks = chunks;
  }

  /** The image of {@code memory}, which must not have run any code yet. */
  static MemoryImage of(ResettableMemory memory) {
    byte[][] chunks = new byte[ResettableMemory.chunks(memory.pages())][];
    for (int i = 0; i < chunks.length; i++) {
      chunks[i] = memory.chunk(i);
    }
    return new MemoryImage(memory.pages(), chunks);
  }

  int pages() {
    return pages;
  }

  void restore(Memory memory, int chunk) {
    int from = chunk << ResettableMemory.CHUNK_SHIFT;
    byte[] bytes = chunks[chunk];
    if (bytes == null) {
      memory.fill((byte) 0, from, from + ResettableMemory.CHUNK_BYTES);
    } else {
      memory.write(from, bytes, 0, ResettableMemory.CHUNK_BYTES);
    }
  }
}
