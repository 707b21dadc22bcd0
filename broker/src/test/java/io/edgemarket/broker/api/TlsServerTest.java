package io.edgemarket.broker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.broker.Broker;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.ServerCredentials;
import io.edgemarket.model.http.Tls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real broker serving HTTPS on loopback, reached by real TLS clients. */
class TlsServerTest {
  private final CertificateAuthority ca = CertificateAuthority.create("EdgeMarketMSP");
  private final Identity brokerId = ca.enroll("broker", Role.BROKER);

  @TempDir Path dir;

  private Broker start(List<String> names) throws Exception {
    return Broker.builder()
        .dataDir(dir)
        .port(0)
        .ca(ca)
        .identity(brokerId)
        .tls(ServerCredentials.issue(ca, names))
        .build()
        .start();
  }

  private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersHttpsVerifiedAgainstTheMarketCaAndServesTheStatusPage() throws Exception {
    try (Broker broker = start(List.of("localhost", "127.0.0.1"))) {
      assertTrue(broker.url().startsWith("https://127.0.0.1:"), broker.url());
      HttpClient client = Tls.httpClient(List.of(ca.certificate())).build();
      assertTrue(get(client, broker.url() + "/api/v1/health").body().contains("\"status\""));
      HttpResponse<String> page = get(client, "https://localhost:" + broker.port() + "/");
      assertEquals(200, page.statusCode());
      assertFalse(page.body().contains("http://"), "no absolute http:// URL in the page");
      // The page's script, served over the same HTTPS origin, calls the API by path alone.
      java.util.regex.Matcher script =
          java.util.regex.Pattern.compile("src=\"(/assets/[A-Za-z0-9._-]+\\.js)\"")
              .matcher(page.body());
      assertTrue(script.find(), page.body());
      HttpResponse<String> code =
          get(client, "https://localhost:" + broker.port() + script.group(1));
      assertEquals(200, code.statusCode());
      assertTrue(code.body().contains("\"/api/v1/public/events\""), "same-origin calls");
      assertFalse(code.body().contains("http://"), "no absolute http:// URL in the script");
    }
  }

  @Test
  void plainHttpToTheTlsPortGetsNoHttpAnswer() throws Exception {
    try (Broker broker = start(List.of("127.0.0.1"));
        Socket socket = new Socket("127.0.0.1", broker.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      byte[] answer = readAll(socket.getInputStream());
      String text = new String(answer, StandardCharsets.ISO_8859_1);
      assertFalse(text.contains("HTTP/"), "an HTTP answer on a TLS port: " + text);

      HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      assertThrows(IOException.class, () -> get(plain, "http://127.0.0.1:" + broker.port() + "/"));
    }
  }

  @Test
  void aClientTrustingAnotherCaIsRefusedAndToldWhy() throws Exception {
    CertificateAuthority other = CertificateAuthority.create("OtherMSP");
    try (Broker broker = start(List.of("127.0.0.1"))) {
      HttpClient client = Tls.httpClient(List.of(other.certificate())).build();
      IOException e =
          assertThrows(IOException.class, () -> get(client, broker.url() + "/api/v1/health"));
      String why = Tls.permanentFailure(e).orElseThrow(() -> new AssertionError(e));
      assertTrue(why.contains("not issued by the market CA"), why);
    }
  }

  @Test
  void aCertificateForAnotherHostIsRefusedAndToldWhy() throws Exception {
    try (Broker broker = start(List.of("broker.example.test"))) {
      HttpClient client = Tls.httpClient(List.of(ca.certificate())).build();
      IOException e =
          assertThrows(IOException.class, () -> get(client, broker.url() + "/api/v1/health"));
      String why = Tls.permanentFailure(e).orElseThrow(() -> new AssertionError(e));
      assertTrue(why.contains("does not name the host"), why);
    }
  }

  @Test
  void clientCertificatesAreOptionalButMustComeFromTheMarket() throws Exception {
    try (Broker broker = start(List.of("127.0.0.1"))) {
      KeyPair provider = Crypto.newKeyPair();
      X509Certificate providerCert = ca.issue("provider-1", Role.PROVIDER, provider.getPublic());
      assertEquals("TLSv1.3", handshake(broker, provider.getPrivate(), providerCert));

      CertificateAuthority other = CertificateAuthority.create("OtherMSP");
      KeyPair stranger = Crypto.newKeyPair();
      X509Certificate strangerCert = other.issue("mallory", Role.PROVIDER, stranger.getPublic());
      // TLS 1.3 reports a refused client certificate on the first read, not at the handshake.
      assertThrows(IOException.class, () -> handshake(broker, stranger.getPrivate(), strangerCert));
    }
  }

  /**
   * A TLS handshake that presents this key and certificate whatever CAs the server asks for (the
   * JDK's own key manager would offer none to a server that names other CAs), then one request;
   * returns the protocol spoken.
   */
  private String handshake(Broker broker, PrivateKey key, X509Certificate cert) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {new Presenting(key, cert)}, trustManagers(), null);
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", broker.port())) {
      socket.setSoTimeout(10_000);
      socket.startHandshake();
      OutputStream out = socket.getOutputStream();
      out.write(
          "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      if (!answer.startsWith("HTTP/1.1 ")) {
        throw new IOException("no HTTP answer: " + answer);
      }
      return socket.getSession().getProtocol();
    }
  }

  private TrustManager[] trustManagers() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("ca", ca.certificate());
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(store);
    return factory.getTrustManagers();
  }

  /** Always offers its one certificate. */
  private static final class Presenting extends X509ExtendedKeyManager {
    private final PrivateKey key;
    private final X509Certificate cert;

    Presenting(PrivateKey key, X509Certificate cert) {
      this.key = key;
      this.cert = cert;
    }

    @Override
    public String chooseClientAlias(String[] types, Principal[] issuers, Socket socket) {
      return "me";
    }

    @Override
    public String[] getClientAliases(String type, Principal[] issuers) {
      return new String[] {"me"};
    }

    @Override
    public String[] getServerAliases(String type, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(String type, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return new X509Certificate[] {cert};
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return key;
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0]; // reset by the server: no answer either
    }
  }
}
