package io.edgemarket.agent;

import io.edgemarket.model.api.Heartbeat;
import io.edgemarket.model.api.Limits;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.http.SignedHeaders;
import io.edgemarket.model.http.Tls;
import io.edgemarket.model.json.Json;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;

/** The agent's calls to the broker, each signed with the provider's identity. Thread-safe. */
final class BrokerClient {
  private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(30);
  // Short, so that a slow broker delays a heartbeat tick, never the next ones.
  // Until the response starts; an image's body may then take longer to arrive.
  private static final Duration IMAGE_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);

  private final URI broker;
  private final Identity identity;
  private final HttpClient http;

  BrokerClient(URI broker, Identity identity, TrustRoots trust) {
    this.broker = broker;
    this.identity = identity;
    this.http = http(trust);
  }

  /**
   * The agent's HTTP client for its broker: over https it accepts only a broker certified by the
   * market's CAs, for the host name dialled.
   */
  static HttpClient http(TrustRoots trust) {
    // HTTP/1.1: brokers serve HTTP/1.1, so an h2c upgrade offer would only cost bytes.
    return Tls.httpClient(trust.certificates())
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** The HTTP client this agent reaches the broker with (the agent link uses it too). */
  HttpClient http() {
    return http;
  }

  /**
   * The module with this digest from the broker's blob store; empty when the broker has none. Reads
   * at most {@link Limits#MAX_MODULE_BYTES}, so a broken broker cannot exhaust our memory.
   */
  Optional<byte[]> fetchModule(String digest) throws IOException, InterruptedException {
    HttpRequest request = signed("GET", "/api/v1/blobs/" + digest, null, FETCH_TIMEOUT).build();
    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() == 404) {
        return Optional.empty();
      }
      if (response.statusCode() != 200) {
        throw new IOException("broker answered HTTP " + response.statusCode() + " for the module");
      }
      byte[] bytes = body.readNBytes(Limits.MAX_MODULE_BYTES + 1);
      if (bytes.length > Limits.MAX_MODULE_BYTES) {
        throw new IOException("broker sent a module larger than " + Limits.MAX_MODULE_BYTES);
      }
      return Optional.of(bytes);
    }
  }

  /**
   * Streams the blob with this digest from the broker's store to {@code target}, never more than
   * {@code maxBytes}; returns the SHA-256 of what was written, or empty when the broker has none.
   * For image tars, which are too large to hold in memory.
   */
  Optional<String> fetchBlobTo(String digest, Path target, long maxBytes)
      throws IOException, InterruptedException {
    HttpRequest request = signed("GET", "/api/v1/blobs/" + digest, null, IMAGE_TIMEOUT).build();
    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() == 404) {
        return Optional.empty();
      }
      if (response.statusCode() != 200) {
        throw new IOException("broker answered HTTP " + response.statusCode() + " for the blob");
      }
      MessageDigest sha256 = sha256();
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(target), sha256)) {
        body.transferTo(new BoundedOutputStream(out, maxBytes));
      }
      return Optional.of(Crypto.hex(sha256.digest()));
    }
  }

  /** Posts a heartbeat; any answer but 2xx is an error. */
  void heartbeat(Heartbeat heartbeat) throws IOException, InterruptedException {
    post("/api/v1/providers/heartbeat", heartbeat);
  }

  /** Tells the broker where this verifier listens; any answer but 2xx is an error. */
  void announceVerifier(Object announcement) throws IOException, InterruptedException {
    post("/api/v1/verifiers/heartbeat", announcement);
  }

  private void post(String path, Object value) throws IOException, InterruptedException {
    byte[] body = Json.bytes(value);
    HttpRequest request =
        signed("POST", path, body, HEARTBEAT_TIMEOUT)
            .header("Content-Type", "application/json")
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          "broker refused " + path + ": HTTP " + response.statusCode() + " " + response.body());
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Fails the copy as soon as more than {@code max} bytes arrive. */
  private static final class BoundedOutputStream extends FilterOutputStream {
    private final long max;
    private long written;

    BoundedOutputStream(OutputStream out, long max) {
      super(out);
      this.max = max;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      written += len;
      if (written > max) {
        throw new IOException("broker sent a blob larger than " + max + " bytes");
      }
      out.write(b, off, len);
    }
  }

  private HttpRequest.Builder signed(String method, String path, byte[] body, Duration timeout) {
    URI uri = broker.resolve(path);
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    SignedHeaders.sign(identity, method, uri.getRawPath(), body, System.currentTimeMillis())
        .forEach(builder::header);
    return builder;
  }
}
