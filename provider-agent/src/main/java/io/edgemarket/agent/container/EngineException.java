package io.edgemarket.agent.container;

/**
 * The container engine failed the agent: unreachable, refused a command, or does not know an image.
 * Never raised for what a function does; a misbehaving function yields a FUNCTION_ERROR execution
 * instead. Callers should treat this as their own fault (nothing is charged).
 */
public final class EngineException extends Exception {
  private static final long serialVersionUID = 1L;

  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
