package io.edgemarket.cli;

import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.ApiError;
import io.edgemarket.model.http.SignedHeaders;
import io.edgemarket.model.http.Tls;
import io.edgemarket.model.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A JSON POST to the broker, signed when there is an identity. The enrollment routes are not in the
 * consumer SDK (a contributor enrolls before it has an identity to build a client with).
 */
final class BrokerCalls {
  private BrokerCalls() {}

  /**
   * The answer as {@code type}; any refusal or transport failure is a {@link CliException}. Over
   * https the broker must be certified by one of {@code trust}.
   */
  static <T> T post(
      URI broker,
      String path,
      Object body,
      Identity signer,
      List<X509Certificate> trust,
      Class<T> type) {
    HttpClient http = Tls.httpClient(trust).connectTimeout(Duration.ofSeconds(10)).build();
    byte[] json = Json.bytes(body);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(broker.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json));
    if (signer != null) {
      SignedHeaders.sign(signer, "POST", path, json, System.currentTimeMillis())
          .forEach(request::header);
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      Optional<String> untrusted = Tls.permanentFailure(e);
      if (untrusted.isPresent()) {
        throw new CliException(
            ExitCodes.FAILED, "refused the broker at " + broker + ": " + untrusted.get(), e);
      }
      throw new CliException(
          ExitCodes.FAILED,
          "cannot reach the broker at " + broker + " (" + e + "). Is --broker right?",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILED, "interrupted", e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new CliException(ExitCodes.FAILED, refusal(response));
    }
    return Json.read(response.body(), type);
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
