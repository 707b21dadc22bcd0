package io.edgemarket.agent.cli;

import io.edgemarket.agent.container.ContainerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether an agent also runs container functions ({@code --containers auto|on|off}). Auto turns
 * them on when a Docker engine answers on its socket, so a machine without one still serves Wasm
 * functions with no setup.
 */
public enum ContainerSwitch {
  AUTO,
  ON,
  OFF;

  public static final Path SOCKET = Path.of("/var/run/docker.sock");

  public static ContainerSwitch parse(String text) {
    String wanted = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
    for (ContainerSwitch mode : values()) {
      if (mode.name().equals(wanted)) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a container mode: use auto, on or off");
  }

  /**
   * The agent's container settings, or null for Wasm only.
   *
   * @throws IOException when containers are required ({@code on}) but no engine answers
   */
  public ContainerConfig resolve(PrintStream log) throws IOException {
    if (this == OFF) {
      return null;
    }
    if (engineAnswers()) {
      log.println("edgemarket: container functions on (Docker engine at " + SOCKET + ")");
      return ContainerConfig.defaults();
    }
    String missing = "no Docker engine answers at " + SOCKET;
    if (this == ON) {
      throw new IOException(
          "--containers on, but " + missing + " (install docker.io and start dockerd)");
    }
    log.println("edgemarket: container functions off (" + missing + "); Wasm functions only");
    return null;
  }

  /** The engine's {@code GET /_ping} answers OK; a bare socket file may be a stale leftover. */
  public static boolean engineAnswers() {
    if (!Files.exists(SOCKET)) {
      return false;
    }
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(SOCKET))) {
      OutputStream out = Channels.newOutputStream(channel);
      out.write("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = Channels.newInputStream(channel);
      String answer = new String(in.readNBytes(512), StandardCharsets.US_ASCII);
      return answer.startsWith("HTTP/1.") && answer.contains(" 200 ");
    } catch (IOException e) {
      return false;
    }
  }
}
