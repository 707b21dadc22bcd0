package io.edgemarket.agent.container;

/**
 * A created container, attached and with its exit awaited: its engine id, the token naming it and
 * its cgroup parent, what it was created for, the two sockets that are its only way in and out, and
 * the nonce its {@link Wrapper} reports the exit with (null when not wrapped: the exit is then
 * known from the engine only). Whoever holds it either runs it once or removes it; {@link
 * #release()} then closes the sockets.
 */
record Pooled(String id, String token, PoolKey key, Attach attach, ExitWait exit, String nonce) {

  Pooled(String id, String token, PoolKey key, Attach attach, ExitWait exit) {
    this(id, token, key, attach, exit, null);
  }

  /**
   * Closes the sockets. Only after the container is gone: closing stdin would run it on no input.
   */
  void release() {
    attach.close();
    exit.close();
  }
}
