package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.log.Logger;

/**
 * Chicory's WASI traces every host call through its logger; functions' misbehaviour is reported in
 * the execution result instead, so the sandbox logs nothing on that path.
 */
enum SilentLogger implements Logger {
  INSTANCE;

  @Override
  public void log(Level level, String msg, Throwable throwable) {}

  @Override
  public boolean isLoggable(Level level) {
    return false;
  }
}
