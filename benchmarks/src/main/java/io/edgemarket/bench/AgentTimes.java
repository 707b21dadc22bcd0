package io.edgemarket.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The agents' own account of the time they spent on invocations: the sum and count of their {@code
 * edgemarket.agent.invocation.duration} timer (admission, slot, code lookup, the sandbox run and
 * receipt signing), read from each agent's Prometheus {@code /metrics}. Two readings bracket a run;
 * their difference is that run's.
 */
record AgentTimes(double seconds, long count) {
  private static final String SUM = "edgemarket_agent_invocation_duration_seconds_sum";
  private static final String COUNT = "edgemarket_agent_invocation_duration_seconds_count";

  static AgentTimes read(List<String> agentUrls) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    double seconds = 0;
    long count = 0;
    for (String url : agentUrls) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url).resolve("/metrics"))
              .timeout(Duration.ofSeconds(10))
              .build();
      for (String line :
          http.send(request, HttpResponse.BodyHandlers.ofString()).body().split("\n")) {
        if (line.startsWith(SUM)) {
          seconds += value(line);
        } else if (line.startsWith(COUNT)) {
          count += (long) value(line);
        }
      }
    }
    return new AgentTimes(seconds, count);
  }

  /** Mean microseconds per invocation between {@code before} and this reading; NaN if none. */
  double meanMicrosSince(AgentTimes before) {
    long n = count - before.count;
    return n <= 0 ? Double.NaN : (seconds - before.seconds) * 1e6 / n;
  }

  private static double value(String line) {
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }
}
