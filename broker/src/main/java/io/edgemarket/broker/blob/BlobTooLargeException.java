package io.edgemarket.broker.blob;

/** An upload beyond the size limit of its kind; nothing of it was kept. */
public final class BlobTooLargeException extends InvalidBlobException {
  private static final long serialVersionUID = 1L;

  public BlobTooLargeException(String message) {
    super(message);
  }
}
