package io.edgemarket.agent.container;

/**
 * An image tar that must not be loaded: it does not hash to its digest, is not what {@code docker
 * save} writes, holds other than one image, or claims tags the sandbox reserves. The tar's supplier
 * is at fault, not the engine.
 */
public final class BadImageException extends Exception {
  private static final long serialVersionUID = 1L;

  public BadImageException(String message) {
    super(message);
  }
}
