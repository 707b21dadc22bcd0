package io.edgemarket.broker.invoke;

import io.edgemarket.broker.link.AgentLinks;
import io.edgemarket.broker.link.Cancellation;
import io.edgemarket.broker.link.LinkReply;
import io.edgemarket.model.Assignment;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Offer;
import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.api.InvokeResponse;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.ApiError;
import io.edgemarket.model.http.SignedHeaders;
import io.edgemarket.model.http.Tls;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.link.LinkHandshake;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Sends one invocation to a provider agent: down the agent's link when it has one (the agent
 * dialled out to us), else to its {@code POST /invoke}, signed as the broker. One shared HTTP/1.1
 * client keeps connections to agents alive between calls (a new TCP connection per call would cost
 * more than everything else the broker does). The deadline covers the whole exchange, body
 * included, so a provider that stops mid-answer cannot hold an invocation; a link that breaks
 * mid-call is a provider fault at once, like a connection reset.
 */
final class Dispatcher {
  /** How one dispatch to a provider agent ended. */
  sealed interface Outcome {

    /** The agent answered 200 with a response (not yet verified). */
    record Answered(InvokeResponse response, long roundTripNanos) implements Outcome {}

    /**
     * The agent refused the request itself (400): bad module or input; retrying elsewhere won't
     * help.
     */
    record Refused(String message) implements Outcome {}

    /** The agent is full or draining (503): not its fault, try the next offer. */
    record Busy(String message) implements Outcome {}

    /** The agent failed: unreachable, timed out, 5xx, or an unusable answer. */
    record Fault(String reason) implements Outcome {}

    /** The agent stopped it because the broker told it to (a hedge another answered first). */
    record Cancelled(String message) implements Outcome {}
  }

  private final Identity broker;
  private final AgentLinks links;
  private final boolean encryptedOnly;
  private final HttpClient http;

  /**
   * With {@code encryptedOnly} (a broker serving TLS), an invocation never travels in clear to
   * another machine: an agent reached by plain HTTP push off loopback is passed over (as busy, not
   * at fault) and gets work only over its encrypted link.
   */
  Dispatcher(Identity broker, AgentLinks links, boolean encryptedOnly) {
    this.broker = broker;
    this.links = links;
    this.encryptedOnly = encryptedOnly;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * The broker's signed placement of {@code ticket} on {@code offer}: what lets that provider, and
   * no other, be paid for it (the chaincode checks it at settlement).
   */
  Assignment assign(InvocationTicket ticket, Offer offer) {
    return assign(ticket, offer, Assignment.PRIMARY);
  }

  /** As {@link #assign(InvocationTicket, Offer)}, for run {@code replica} of a sampled ticket. */
  Assignment assign(InvocationTicket ticket, Offer offer, int replica) {
    return Assignment.sign(
        broker, ticket, offer.providerId(), offer.offerId(), System.currentTimeMillis(), replica);
  }

  /** Sends {@code request} to {@code offer}'s agent: over its link, else over HTTP. */
  Outcome send(Offer offer, InvokeRequest request, long timeoutMillis) {
    return send(offer, request, timeoutMillis, null);
  }

  /**
   * As {@link #send(Offer, InvokeRequest, long)}; {@code cancel} (may be null) can stop it on the
   * agent when it went down a link (over HTTP it runs to its end, and its answer is discarded).
   */
  Outcome send(Offer offer, InvokeRequest request, long timeoutMillis, Cancellation cancel) {
    if (links.linked(offer.providerId())) {
      return overLink(offer.providerId(), request, timeoutMillis, cancel);
    }
    if (LinkHandshake.isLinkEndpoint(offer.endpoint())) {
      // Reached only through a link it does not have (now): gone, or about to reconnect.
      return new Outcome.Busy(offer.providerId() + " has no link");
    }
    return send(offer.endpoint(), request, timeoutMillis);
  }

  private Outcome overLink(
      String providerId, InvokeRequest request, long timeoutMillis, Cancellation cancel) {
    long start = System.nanoTime();
    LinkReply reply = links.invoke(providerId, request, timeoutMillis, cancel);
    if (reply instanceof LinkReply.Answered answered) {
      return new Outcome.Answered(answered.response(), System.nanoTime() - start);
    }
    if (reply instanceof LinkReply.Failed failed) {
      String message =
          failed.code() == null ? failed.message() : failed.code() + ": " + failed.message();
      if (ErrorCodes.CANCELLED.equals(failed.code())) {
        return new Outcome.Cancelled(message);
      }
      return switch (failed.status()) {
        case 400 -> new Outcome.Refused(message);
        case 503 -> new Outcome.Busy(message);
        default -> new Outcome.Fault("link answer " + failed.status() + ": " + message);
      };
    }
    LinkReply.Lost lost = (LinkReply.Lost) reply;
    // Lost before it was sent (the link went between the check and the call) blames nobody.
    return lost.wasLinked()
        ? new Outcome.Fault("over the link: " + lost.reason())
        : new Outcome.Busy(lost.reason());
  }

  private Outcome send(String endpoint, InvokeRequest request, long timeoutMillis) {
    URI uri;
    try {
      uri = URI.create(stripSlash(endpoint) + "/invoke");
    } catch (IllegalArgumentException e) {
      return new Outcome.Fault("offer endpoint is not a URL: " + endpoint);
    }
    if (encryptedOnly
        && "http".equalsIgnoreCase(uri.getScheme())
        && !Tls.isLoopback(uri.getHost())) {
      return new Outcome.Busy(
          "the agent at "
              + endpoint
              + " takes invocations over plain http, which this broker (serving TLS) never sends"
              + " off this machine: the agent gets work over the link it dials out to the broker");
    }
    byte[] body = Json.bytes(request);
    String pathAndQuery =
        uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofMillis(timeoutMillis))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, String> h :
        SignedHeaders.sign(broker, "POST", pathAndQuery, body, System.currentTimeMillis())
            .entrySet()) {
      builder.header(h.getKey(), h.getValue());
    }
    long start = System.nanoTime();
    HttpResponse<byte[]> response;
    try {
      // A blocking send on the caller's thread (already a worker): sendAsync would complete on
      // the common pool, which on a 2-CPU machine starts a thread per call. The request's timeout
      // ends at the answer's headers; DeadlineBody holds its body to the same deadline.
      response =
          http.send(
              builder.build(),
              DeadlineBody.ofByteArray(start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis)));
    } catch (HttpTimeoutException e) {
      return new Outcome.Fault("no answer within " + timeoutMillis + " ms");
    } catch (IOException e) {
      return new Outcome.Fault("unreachable: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome.Fault("interrupted");
    }
    long nanos = System.nanoTime() - start;
    int status = response.statusCode();
    if (status == 200) {
      try {
        return new Outcome.Answered(Json.read(response.body(), InvokeResponse.class), nanos);
      } catch (IllegalArgumentException e) {
        return new Outcome.Fault("malformed answer: " + e.getMessage());
      }
    }
    String message = errorText(response.body());
    if (status == 400) {
      return new Outcome.Refused(message);
    }
    if (status == 503) {
      return new Outcome.Busy(message);
    }
    return new Outcome.Fault("HTTP " + status + ": " + message);
  }

  /** Code and detail of a problem details body, or the start of whatever else the agent sent. */
  private static String errorText(byte[] body) {
    Optional<ApiError> problem = ApiError.read(body);
    if (problem.isPresent()) {
      return problem.get().code() + ": " + problem.get().detail();
    }
    String text = new String(body, StandardCharsets.UTF_8);
    return text.length() > 200 ? text.substring(0, 200) : text;
  }

  private static String stripSlash(String endpoint) {
    return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
  }
}
