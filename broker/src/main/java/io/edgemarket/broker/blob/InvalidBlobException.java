package io.edgemarket.broker.blob;

/** Bytes refused by the blob store; the message says why, for the uploader to read. */
public class InvalidBlobException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidBlobException(String message) {
    super(message);
  }
}
