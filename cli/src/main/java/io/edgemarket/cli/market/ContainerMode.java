package io.edgemarket.cli.market;

import io.edgemarket.agent.cli.ContainerSwitch;
import io.edgemarket.agent.container.ContainerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Whether provider agents also run container functions ({@code --containers auto|on|off}). Auto
 * turns them on when a Docker engine answers on its socket, so a machine without one still runs the
 * whole market (Wasm only) with no setup.
 */
public enum ContainerMode {
  AUTO,
  ON,
  OFF;

  static final Path SOCKET = ContainerSwitch.SOCKET;

  public static ContainerMode parse(String text) {
    return valueOf(ContainerSwitch.parse(text).name());
  }

  /**
   * The agents' container settings, or null for Wasm only (provider-agent's {@link
   * ContainerSwitch}, which {@code provider start} uses directly).
   *
   * @throws IOException when containers are required ({@code on}) but no engine answers
   */
  public ContainerConfig resolve(PrintStream log) throws IOException {
    return ContainerSwitch.valueOf(name()).resolve(log);
  }

  /** The engine's {@code GET /_ping} answers OK; a bare socket file may be a stale leftover. */
  public static boolean engineAnswers() {
    return ContainerSwitch.engineAnswers();
  }
}
