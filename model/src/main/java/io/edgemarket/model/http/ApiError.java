package io.edgemarket.model.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The body of every error an EdgeMarket HTTP API returns: an RFC 9457 problem details object,
 * served as {@value #MEDIA_TYPE}. {@code code} is our machine-readable code (see ErrorCodes) as an
 * extension member, and {@code type} is derived from it ({@value #TYPE_PREFIX}CODE), so one code is
 * one problem type whatever the status. {@code phase} and {@code transactionId} are set for ledger
 * failures.
 *
 * <p>{@code error} repeats code, message (the detail), phase and transactionId in the shape every
 * error had before problem details, so clients that read {@code error.code} keep working.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(
    String type,
    String title,
    int status,
    String detail,
    String code,
    String phase,
    String transactionId,
    Body error) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** Problem types are URNs: identifiers, not pages to fetch. */
  public static final String TYPE_PREFIX = "urn:edgemarket:problem:";

  /** The pre-problem-details error body, kept as the {@code error} member. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Body(String code, String message, String phase, String transactionId) {}

  public static ApiError of(int status, String code, String message) {
    return of(status, code, message, null, null);
  }

  /** A ledger failure: also names the phase that failed and the transaction. */
  public static ApiError of(
      int status, String code, String message, String phase, String transactionId) {
    Objects.requireNonNull(code, "code");
    return new ApiError(
        TYPE_PREFIX + code,
        titleOf(code),
        status,
        message,
        code,
        phase,
        transactionId,
        new Body(code, message, phase, transactionId));
  }

  /**
   * Reads an error answer leniently (problem members may be added; RFC 9457 has clients ignore
   * those they do not know), also from a body that has only the old {@code error} member. Empty
   * when the body is neither, e.g. a proxy's HTML page.
   */
  public static Optional<ApiError> read(byte[] body) {
    JsonNode tree;
    try {
      tree = Json.tree(new String(body, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (tree == null || !tree.isObject()) {
      return Optional.empty();
    }
    JsonNode old = tree.path("error");
    String code = text(tree, "code", text(old, "code", null));
    if (code == null) {
      return Optional.empty();
    }
    String detail = text(tree, "detail", text(old, "message", null));
    String phase = text(tree, "phase", text(old, "phase", null));
    String transactionId = text(tree, "transactionId", text(old, "transactionId", null));
    ApiError derived = of(tree.path("status").asInt(0), code, detail, phase, transactionId);
    return Optional.of(
        new ApiError(
            text(tree, "type", derived.type()),
            text(tree, "title", derived.title()),
            derived.status(),
            detail,
            code,
            phase,
            transactionId,
            derived.error()));
  }

  private static String text(JsonNode node, String field, String otherwise) {
    JsonNode value = node.path(field);
    return value.isTextual() ? value.asText() : otherwise;
  }

  /** A short, fixed summary of a problem type, for people; {@code code} is for programs. */
  static String titleOf(String code) {
    return switch (code) {
      case ErrorCodes.BAD_REQUEST -> "Bad request";
      case ErrorCodes.UNAUTHENTICATED -> "Not authenticated";
      case ErrorCodes.FORBIDDEN -> "Forbidden";
      case ErrorCodes.NOT_FOUND -> "Not found";
      case ErrorCodes.NO_PROVIDER -> "No provider offers what the function needs";
      case ErrorCodes.MVCC_READ_CONFLICT -> "Ledger read conflict";
      case ErrorCodes.UNAVAILABLE -> "Unavailable";
      case ErrorCodes.INTERNAL -> "Internal error";
      default -> {
        String words = code.replace('_', ' ').toLowerCase(Locale.ROOT);
        yield words.isEmpty()
            ? "Error"
            : Character.toUpperCase(words.charAt(0)) + words.substring(1);
      }
    };
  }
}
