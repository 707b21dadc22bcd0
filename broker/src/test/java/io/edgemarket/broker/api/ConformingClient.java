package io.edgemarket.broker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.SignedHeaders;
import io.edgemarket.model.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Real HTTP to the broker (signed as one identity, or unsigned), where every expected answer is
 * checked against the OpenAPI document: the route must list the status, the media type must be one
 * the status lists, and a JSON body must conform to its schema. Remembers what it saw.
 */
final class ConformingClient {
  /** Bodies above this many bytes may meet an early answer and a reset; see sendOnce. */
  private static final int LARGE_BODY = 64 * 1024;

  /** One answer: status, media type (without parameters) and body. */
  record Answer(int status, String mediaType, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Supplier<String> base;
  private final JsonNode document;
  private final SchemaCheck check;
  private final Set<String> seen = new TreeSet<>();
  private final Set<String> succeeded = new TreeSet<>();

  ConformingClient(Supplier<String> base, JsonNode document) {
    this.base = base;
    this.document = document;
    this.check = new SchemaCheck(document);
  }

  SchemaCheck check() {
    return check;
  }

  /** "METHOD template status" of every answer checked. */
  Set<String> seen() {
    return seen;
  }

  /** "METHOD template" of every route seen answering 2xx. */
  Set<String> succeeded() {
    return succeeded;
  }

  /**
   * Sends the request, asserts the status, and checks the answer against the document's entry for
   * {@code template}. Returns the JSON body (a missing node when the body is not JSON).
   */
  JsonNode expect(
      int status, Identity who, String method, String template, String pathAndQuery, byte[] body) {
    return expect(status, who, method, template, pathAndQuery, body, Map.of());
  }

  /** As {@link #expect(int, Identity, String, String, String, byte[])}, with more headers. */
  JsonNode expect(
      int status,
      Identity who,
      String method,
      String template,
      String pathAndQuery,
      byte[] body,
      Map<String, String> headers) {
    Answer answer = send(who, method, pathAndQuery, body, headers);
    String route = method + " " + template;
    assertEquals(status, answer.status(), route + " answered " + answer.text());
    JsonNode operation =
        document.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
    if (operation.isMissingNode()) {
      fail("the document has no operation " + route);
    }
    JsonNode response = operation.path("responses").path(Integer.toString(status));
    if (response.isMissingNode()) {
      response = operation.path("responses").path("default");
    }
    if (response.isMissingNode()) {
      fail(route + " answered " + status + ", which the document does not list");
    }
    JsonNode json = conform(route + " " + status, response, answer);
    seen.add(route + " " + status);
    if (status / 100 == 2 || status == 303) { // 303: GET /signin's success sends the browser on
      succeeded.add(route);
    }
    return json;
  }

  /**
   * Opens a server-sent event stream, checks its answer (200, {@code text/event-stream}, as the
   * document lists it for {@code template}), reads the first event and closes the stream. The
   * event's data must be JSON conforming to the document's schema {@code dataSchema}; returns it.
   */
  JsonNode expectFirstEvent(String template, String pathAndQuery, String dataSchema) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base.get() + pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    String route = "GET " + template;
    try {
      HttpResponse<java.io.InputStream> response =
          HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (java.io.BufferedReader lines =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        assertEquals(200, response.statusCode(), route);
        String type = response.headers().firstValue("Content-Type").orElse("");
        String media = type.split(";")[0].trim().toLowerCase(Locale.ROOT);
        JsonNode listed =
            document.path("paths").path(template).path("get").path("responses").path("200");
        assertTrue(
            !listed.path("content").path(media).isMissingNode(),
            route + " came as " + media + "; the document lists " + names(listed.path("content")));
        StringBuilder data = new StringBuilder();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.isEmpty() && data.length() > 0) {
            break;
          }
          if (line.startsWith("data:")) {
            data.append(line.substring(5).strip());
          }
        }
        JsonNode json = Json.tree(data.toString());
        JsonNode schema = Json.tree("{\"$ref\": \"#/components/schemas/" + dataSchema + "\"}");
        assertEquals(List.of(), check.violations(schema, json), route + " event: " + data);
        seen.add(route + " 200");
        succeeded.add(route);
        return json;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private JsonNode conform(String what, JsonNode response, Answer answer) {
    JsonNode content = response.path("content");
    if (content.isMissingNode()) {
      assertEquals(0, answer.body().length, what + " has no body in the document");
      return content;
    }
    JsonNode media = content.path(answer.mediaType());
    if (media.isMissingNode()) {
      fail(what + " came as " + answer.mediaType() + "; the document lists " + names(content));
    }
    boolean isJson =
        answer.mediaType().equals("application/json") || answer.mediaType().endsWith("+json");
    if (!isJson) {
      assertTrue(answer.body().length > 0, what + " is empty");
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    JsonNode json = Json.tree(answer.text());
    List<String> violations = check.violations(media.path("schema"), json);
    assertEquals(List.of(), violations, what + " does not conform: " + answer.text());
    return json;
  }

  private static List<String> names(JsonNode content) {
    List<String> names = new java.util.ArrayList<>();
    content.fieldNames().forEachRemaining(names::add);
    return names;
  }

  Answer send(Identity who, String method, String pathAndQuery, byte[] body) {
    return send(who, method, pathAndQuery, body, Map.of());
  }

  Answer send(
      Identity who, String method, String pathAndQuery, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base.get() + pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(builder::header);
    if (who != null) {
      SignedHeaders.sign(who, method, pathAndQuery, body, System.currentTimeMillis())
          .forEach(builder::header);
    }
    try {
      HttpResponse<byte[]> response = sendOnce(builder.build(), body);
      String type = response.headers().firstValue("Content-Type").orElse("");
      int semicolon = type.indexOf(';');
      String media = (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
      return new Answer(response.statusCode(), media.toLowerCase(Locale.ROOT), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A body the broker refuses by its Content-Length (413) is answered before it is read and the
   * connection closed: a client still writing it can lose the answer to the reset ("header parser
   * received no bytes", seen in CI). Such a large request is sent again, a few times. (Expect:
   * 100-continue would avoid the race, but JDK 17's client waits forever for a 100 that a final
   * answer replaces.)
   */
  private static HttpResponse<byte[]> sendOnce(HttpRequest request, byte[] body)
      throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        if (body == null || body.length <= LARGE_BODY || attempt >= 5) {
          throw e;
        }
      }
    }
  }
}
