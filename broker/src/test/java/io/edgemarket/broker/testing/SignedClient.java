package io.edgemarket.broker.testing;

import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.ApiError;
import io.edgemarket.model.http.SignedHeaders;
import io.edgemarket.model.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/** Real HTTP to the broker, signed as one identity (or unsigned when the identity is null). */
public final class SignedClient {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Status, body and headers of one answer. */
  public record Response(int status, byte[] body, HttpHeaders headers) {
    /** The first value of a header, or null. */
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public <T> T as(Class<T> type) {
      return Json.read(body, type);
    }

    public ApiError.Body error() {
      return Json.read(body, ApiError.class).error();
    }
  }

  private final Identity identity;
  private final Supplier<String> base;

  public SignedClient(Identity identity, Supplier<String> base) {
    this.identity = identity;
    this.base = base;
  }

  public Response get(String pathAndQuery) {
    return send("GET", pathAndQuery, null);
  }

  public Response post(String pathAndQuery, byte[] body) {
    return send("POST", pathAndQuery, body);
  }

  public Response post(String pathAndQuery, Object json) {
    return send("POST", pathAndQuery, Json.bytes(json));
  }

  public Response put(String pathAndQuery, byte[] body) {
    return send("PUT", pathAndQuery, body);
  }

  public Response send(String method, String pathAndQuery, byte[] body) {
    return send(method, pathAndQuery, body, null);
  }

  /**
   * Sends {@code body} signed as if it hashed to {@code signedDigest} (when not null), as a client
   * streaming a blob signs the digest it names rather than bytes it holds.
   */
  public Response send(String method, String pathAndQuery, byte[] body, String signedDigest) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base.get() + pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (identity != null) {
      long now = System.currentTimeMillis();
      (signedDigest == null
              ? SignedHeaders.sign(identity, method, pathAndQuery, body, now)
              : SignedHeaders.signBodyDigest(identity, method, pathAndQuery, signedDigest, now))
          .forEach(builder::header);
    }
    try {
      HttpResponse<byte[]> response =
          HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(response.statusCode(), response.body(), response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
