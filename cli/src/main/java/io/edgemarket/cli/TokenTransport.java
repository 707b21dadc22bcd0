package io.edgemarket.cli;

import io.edgemarket.model.http.Tls;
import java.net.URI;

/**
 * Enrollment tokens travel only over TLS: whoever reads one off the wire can enroll in its place.
 * Plain http is allowed only to this machine's loopback, where nothing crosses a network.
 */
final class TokenTransport {
  private TokenTransport() {}

  /** A usage error when {@code broker} is plain http to another machine. */
  static void requireTls(URI broker, String verb) {
    if (Tls.isHttps(broker) || Tls.isLoopback(broker.getHost())) {
      return;
    }
    throw CliException.usage(
        "refusing to "
            + verb
            + " an enrollment token over plain http to "
            + broker
            + ": anyone on the network path could read it and enroll in your place. Use the"
            + " broker's https:// URL (./edgemarket broker start serves HTTPS).");
  }
}
