package io.edgemarket.agent.cli;

import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.http.ApiError;
import io.edgemarket.model.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;

/**
 * The contributor's half of {@code POST /api/v1/enroll}: a P-256 key made here, only its public
 * half and the one-time token sent, a certificate from the market CA back. The agent cannot depend
 * on the broker, so the JSON shapes are restated here ({@code EnrollmentMessages} in the broker; a
 * cli test keeps the two the same).
 */
public final class EnrollClient {
  /** The request body. */
  public record EnrollRequest(String token, String name, String publicKeyPem) {}

  /**
   * The answer: the new participant's certificate and the CA certificate to trust the market by.
   */
  public record Enrollment(
      String certificatePem, String caCertificatePem, String mspId, String id) {}

  /** An identity made here and certified by the market, and that market's CA certificate. */
  public record Enrolled(Identity identity, String caCertificatePem) {}

  /** The broker refused the token or the request; the message says why, as the broker put it. */
  public static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  private final HttpClient http;

  /** {@code http} carries the market's TLS settings when the broker is {@code https://}. */
  public EnrollClient(HttpClient http) {
    this.http = http;
  }

  public EnrollClient() {
    this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
  }

  /**
   * Spends {@code token} for a certificate on a new key.
   *
   * @param name the participant name wanted, or null for the token's
   * @throws IOException when the broker cannot be reached
   */
  public Enrolled enroll(URI broker, String token, String name)
      throws IOException, InterruptedException, Refused {
    KeyPair pair = Crypto.newKeyPair();
    byte[] body = Json.bytes(new EnrollRequest(token, name, Pem.encode(pair.getPublic())));
    HttpRequest request =
        HttpRequest.newBuilder(broker.resolve("/api/v1/enroll"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() / 100 != 2) {
      throw new Refused(refusal(response));
    }
    Enrollment enrollment = Json.read(response.body(), Enrollment.class);
    Identity identity =
        new Identity(
            enrollment.mspId(), Pem.certificate(enrollment.certificatePem()), pair.getPrivate());
    return new Enrolled(identity, enrollment.caCertificatePem());
  }

  private static String refusal(HttpResponse<byte[]> response) {
    try {
      ApiError.Body error = Json.read(response.body(), ApiError.class).error();
      return error.message() + " [" + error.code() + ", HTTP " + response.statusCode() + "]";
    } catch (RuntimeException e) {
      return "the broker answered HTTP " + response.statusCode();
    }
  }
}
