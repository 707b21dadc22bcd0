package io.edgemarket.model.http;

import io.edgemarket.model.crypto.ServerCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS between participants and the broker. Clients trust exactly the market's CA certificates (not
 * the platform's public CAs: whoever could get a public certificate for the broker's name could
 * otherwise stand in for it) and check that the certificate names the host they dialled; servers
 * speak TLS 1.2 and 1.3 only.
 */
public final class Tls {
  /**
   * The client-side code of a call refused because the broker's certificate did not verify (or the
   * broker does not speak TLS): trying again cannot help, so it is never retried.
   */
  public static final String UNTRUSTED = "BROKER_UNTRUSTED";

  /** The only protocol versions spoken, newest first. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private static final char[] NO_PASSWORD = "edgemarket".toCharArray();

  private Tls() {}

  /** A context whose clients accept only servers certified by one of {@code roots}. */
  public static SSLContext clientContext(Collection<X509Certificate> roots) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers(roots).getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("TLS unavailable: " + e.getMessage(), e);
    }
  }

  /**
   * A server context presenting {@code credentials}; client certificates, when a client offers one,
   * must come from one of {@code clientRoots}.
   */
  public static SSLContext serverContext(
      ServerCredentials credentials, Collection<X509Certificate> clientRoots) {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      PrivateKey key =
          KeyFactory.getInstance(credentials.key().getAlgorithm())
              .generatePrivate(new PKCS8EncodedKeySpec(credentials.key().getEncoded()));
      keys.setKeyEntry(
          "server", key, NO_PASSWORD, jdk(credentials.chain()).toArray(new Certificate[0]));
      KeyManagerFactory managers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      managers.init(keys, NO_PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(managers.getKeyManagers(), trustManagers(clientRoots).getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /**
   * An HTTP client builder for a broker: over {@code https}, verifying the broker's certificate
   * against {@code roots} (and its host name, as the JDK client always does); with no roots, the
   * platform's default trust store.
   */
  public static HttpClient.Builder httpClient(Collection<X509Certificate> roots) {
    HttpClient.Builder builder = HttpClient.newBuilder();
    if (!roots.isEmpty()) {
      builder.sslContext(clientContext(roots));
    }
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(PROTOCOLS.toArray(new String[0]));
    return builder.sslParameters(parameters);
  }

  /**
   * What went wrong when {@code failure} is a TLS failure that retrying cannot mend (the broker's
   * certificate is not trusted or does not name the host, or there is no TLS on the other side);
   * empty for anything else, such as a broker that is down or restarting.
   */
  public static Optional<String> permanentFailure(Throwable failure) {
    boolean tls = false;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      tls |= cause instanceof SSLException;
      if (cause instanceof CertificateException) {
        String detail = String.valueOf(cause.getMessage());
        if (detail.contains("subject alternative name") || detail.contains("No name matching")) {
          return Optional.of("its TLS certificate does not name the host dialled (" + detail + ")");
        }
        return Optional.of(
            "its TLS certificate was not issued by the market CA this client trusts ("
                + detail
                + ")");
      }
      if (tls && String.valueOf(cause.getMessage()).contains("nrecognized SSL message")) {
        return Optional.of(
            "it does not speak TLS (is the broker's URL http:// rather than https?)");
      }
    }
    return Optional.empty();
  }

  /** True for {@code https} URLs. */
  public static boolean isHttps(URI uri) {
    return uri.getScheme() != null && uri.getScheme().toLowerCase(Locale.ROOT).equals("https");
  }

  /**
   * True when {@code host} is this machine's loopback ({@code localhost}, 127.0.0.0/8, ::1): the
   * only place plain HTTP is acceptable, as nothing on it crosses a network.
   */
  public static boolean isLoopback(String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    String bare = host.replaceAll("^\\[|]$", "");
    if (bare.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
      return false; // a name: resolving it would trust whatever DNS says
    }
    try {
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static TrustManagerFactory trustManagers(Collection<X509Certificate> roots)
      throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    int i = 0;
    for (Certificate root : jdk(List.copyOf(roots))) {
      store.setCertificateEntry("root-" + i++, root);
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(store);
    return factory;
  }

  /** The same certificates as the JDK's own objects, which is what its TLS stack expects. */
  private static List<Certificate> jdk(List<X509Certificate> certificates)
      throws CertificateException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    return certificates.stream()
        .map(
            c -> {
              try {
                return factory.generateCertificate(new ByteArrayInputStream(c.getEncoded()));
              } catch (CertificateException e) {
                throw new IllegalArgumentException("unreadable certificate: " + e.getMessage(), e);
              }
            })
        .toList();
  }
}
