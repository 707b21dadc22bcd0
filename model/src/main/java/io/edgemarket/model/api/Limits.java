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

  /**
   * Most entries in an image tar's outer archive. {@code docker save} writes a handful per layer
   * (at most 4 in the legacy layout, 1 in the OCI one) and images have at most {@link
   * #MAX_IMAGE_LAYERS} layers; the names are kept in memory while checking, so they are bounded.
   */
  public static final int MAX_IMAGE_ENTRIES = 4096;

  /** Most layers an image tar's manifest may name (overlayfs, Docker's driver, stacks 128). */
  public static final int MAX_IMAGE_LAYERS = 128;

  /** Longest entry name or link target in an image tar, in bytes ({@code docker save}: ~80). */
  public static final int MAX_IMAGE_NAME_BYTES = 1024;

  /** Largest {@code manifest.json} in an image tar, in bytes (it is parsed in memory). */
  public static final int MAX_IMAGE_MANIFEST_BYTES = 1024 * 1024;

  /**
   * Most of a function's stderr kept per invocation, in bytes (its logs, for the function's owner
   * only); what goes beyond is dropped and replaced by a marker ({@link #truncatedLogMarker}).
   */
  public static final int MAX_LOG_BYTES = 64 * 1024;

  /** Room for the marker after {@link #MAX_LOG_BYTES} of logs. */
  public static final int LOG_MARKER_ROOM = 128;

  private Limits() {}

  /** What ends logs of which {@code dropped} more bytes were not kept. */
  public static String truncatedLogMarker(long dropped) {
    return "\n[edgemarket: stderr truncated, " + dropped + " more bytes not kept]\n";
  }
}
