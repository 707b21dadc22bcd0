package io.edgemarket.cli;

import io.edgemarket.sdk.UploadProgress;
import java.io.PrintStream;

/**
 * Upload progress on stderr, one line per tenth of a large upload, so a 512 MiB image does not look
 * like a hung command; small uploads print nothing (they are done before anyone would wonder).
 */
final class UploadLines implements UploadProgress {
  /** Below this size an upload reports no progress. */
  static final long REPORTED_FROM_BYTES = 8L << 20;

  private final PrintStream err;
  private final boolean report;
  private int tenths;

  UploadLines(PrintStream err, long total) {
    this.err = err;
    this.report = total >= REPORTED_FROM_BYTES;
  }

  // The HTTP client calls this from its own threads.
  @Override
  public synchronized void uploaded(long sent, long total) {
    int now = (int) (sent * 10 / Math.max(1, total));
    if (report && now > tenths) {
      tenths = now;
      err.printf("edgemarket: uploaded %d of %d bytes (%d%%)%n", sent, total, now * 10);
    }
  }
}
