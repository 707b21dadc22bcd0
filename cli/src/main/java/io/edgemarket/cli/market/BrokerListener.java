package io.edgemarket.cli.market;

import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.ServerCredentials;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.http.Tls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where and how the broker listens: the address, the port, and whether it speaks TLS, with a
 * certificate the market CA issues at start for {@link #names()} or the operator's own pair of PEM
 * files.
 *
 * @param names extra host names the issued certificate must carry (e.g. a public DNS name)
 */
public record BrokerListener(
    String host, int port, boolean tls, List<String> names, Path certificate, Path key) {
  public static final String LOOPBACK = "127.0.0.1";

  public BrokerListener {
    Objects.requireNonNull(host, "host");
    names = List.copyOf(names);
    if ((certificate == null) != (key == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    }
  }

  /** Plain HTTP on 127.0.0.1, as a market on one machine has always listened. */
  public static BrokerListener loopback(int port) {
    return new BrokerListener(LOOPBACK, port, false, List.of(), null, null);
  }

  /** True for 0.0.0.0 and ::, which listen on every address of the machine. */
  public boolean wildcard() {
    String bare = host.replaceAll("^\\[|]$", "");
    return bare.equals("0.0.0.0") || bare.equals("::") || bare.equals("0:0:0:0:0:0:0:0");
  }

  /**
   * The URL processes on this machine use to reach the broker bound to {@code boundPort}: the
   * loopback address when listening on every address, which the certificate always names.
   */
  public URI localUrl(int boundPort) {
    String reach = wildcard() ? LOOPBACK : host.contains(":") ? "[" + host + "]" : host;
    return URI.create((tls ? "https://" : "http://") + reach + ":" + boundPort);
  }

  /**
   * The key and certificate to serve: the operator's files, which must come from one of the
   * market's CAs (clients trust nothing else), or a new certificate from {@code issuer}.
   */
  public ServerCredentials credentials(CertificateAuthority issuer, TrustRoots market)
      throws IOException {
    if (certificate == null) {
      return ServerCredentials.issue(issuer, hostNames());
    }
    ServerCredentials given = ServerCredentials.load(certificate, key);
    if (!market.trusts(given.certificate())) {
      throw new IOException(
          certificate
              + " is not issued by the market's CA: clients verify the broker against the"
              + " market CA certificate (DIR/ca-cert.pem) and would refuse it");
    }
    return given;
  }

  /**
   * The names the issued certificate carries: the listening address (every address of the machine
   * and its host name when that is the wildcard), loopback, and {@link #names()}.
   */
  public List<String> hostNames() {
    Set<String> all = new LinkedHashSet<>();
    if (wildcard()) {
      all.addAll(machineNames());
    } else {
      all.add(host.replaceAll("^\\[|]$", ""));
    }
    all.addAll(names);
    all.addAll(List.of("localhost", LOOPBACK, "::1"));
    return new ArrayList<>(all);
  }

  /** True when this listener should speak TLS: asked for, or on an address other than loopback. */
  public static boolean tlsWanted(String host, boolean asked) {
    return asked || !Tls.isLoopback(host);
  }

  private static List<String> machineNames() {
    List<String> found = new ArrayList<>();
    try {
      InetAddress local = InetAddress.getLocalHost();
      found.add(local.getHostName());
      found.add(local.getCanonicalHostName());
    } catch (IOException e) {
      // no resolvable host name: the addresses will do
    }
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (!address.isLinkLocalAddress()) {
            found.add(address.getHostAddress().replaceFirst("%.*$", ""));
          }
        }
      }
    } catch (SocketException e) {
      // no interfaces listed: loopback and the names given remain
    }
    return found;
  }
}
