package io.edgemarket.broker.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A server-sent event stream read as a browser's EventSource would, for tests. */
final class EventStream implements AutoCloseable {
  /** One event: its name and its data lines joined; comments are counted, not returned. */
  record Event(String name, String data) {}

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final HttpResponse<InputStream> response;
  private final BufferedReader lines;
  private int comments;

  private EventStream(HttpResponse<InputStream> response) {
    this.response = response;
    this.lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
  }

  static EventStream open(String url) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET().build();
    return new EventStream(HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream()));
  }

  int status() {
    return response.statusCode();
  }

  String header(String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** The whole body, for an answer that is not a stream (an error). */
  String rest() throws IOException {
    StringBuilder all = new StringBuilder();
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      all.append(line).append('\n');
    }
    return all.toString();
  }

  /** The next event, or null when the stream ended. */
  Event next() throws IOException {
    String name = "message";
    StringBuilder data = new StringBuilder();
    boolean any = false;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.isEmpty()) {
        if (any) {
          return new Event(name, data.toString());
        }
        continue;
      }
      if (line.startsWith(":")) {
        comments++;
      } else if (line.startsWith("event:")) {
        name = line.substring(6).strip();
        any = true;
      } else if (line.startsWith("data:")) {
        data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).strip());
        any = true;
      }
    }
    return null;
  }

  int comments() {
    return comments;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
