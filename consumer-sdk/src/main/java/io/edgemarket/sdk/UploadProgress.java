package io.edgemarket.sdk;

/**
 * Told how much of a large upload (a container image) has been handed to the network so far, e.g.
 * to print progress. Called from the HTTP client's threads, often: keep it cheap.
 */
@FunctionalInterface
public interface UploadProgress {
  /** Reports nothing. */
  UploadProgress NONE = (sent, total) -> {};

  /**
   * @param sent bytes sent so far
   * @param total the size of the whole upload
   */
  void uploaded(long sent, long total);
}
