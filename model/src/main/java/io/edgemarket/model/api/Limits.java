package io.edgemarket.model.api;

/** Sizes every component enforces the same way. */
public final class Limits {
  /** Largest invocation input or output, in bytes. */
  public static final int MAX_PAYLOAD_BYTES = 1024 * 1024;

  /** Largest function module, in bytes. */
  public static final int MAX_MODULE_BYTES = 16 * 1024 * 1024;

  /**
   * Largest container image, as the tar {@code docker save} writes, in bytes. Images are far larger
   * than modules, so they are streamed to disk, never held in memory whole.
   */
  public static final long MAX_IMAGE_BYTES = 512L * 1024 * 1024;

  private Limits() {}
}
