package io.edgemarket.model.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiErrorTest {
  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aProblemCarriesTheCodeTwiceOnceAsExtensionOnceInTheOldShape() {
    JsonNode json = Json.tree(Json.write(ApiError.of(404, "NOT_FOUND", "no function f")));
    assertEquals("urn:edgemarket:problem:NOT_FOUND", json.get("type").asText());
    assertEquals("Not found", json.get("title").asText());
    assertEquals(404, json.get("status").asInt());
    assertEquals("no function f", json.get("detail").asText());
    assertEquals("NOT_FOUND", json.get("code").asText());
    assertTrue(!json.has("phase") && !json.has("transactionId"), "absent when not a ledger error");
    JsonNode old = json.get("error");
    assertEquals("NOT_FOUND", old.get("code").asText());
    assertEquals("no function f", old.get("message").asText());
    assertTrue(old.has("phase") && old.get("phase").isNull(), "the old shape is kept as it was");
  }

  @Test
  void ledgerFailuresNameThePhaseAndTransaction() {
    ApiError problem = ApiError.of(409, "MVCC_READ_CONFLICT", "retry", "COMMIT", "tx1");
    ApiError read = ApiError.read(Json.bytes(problem)).orElseThrow();
    assertEquals(problem, read);
    assertEquals("COMMIT", read.error().phase());
    assertEquals("Ledger read conflict", read.title());
  }

  @Test
  void readsTheOldShapeAndUnknownMembers() {
    Optional<ApiError> old =
        ApiError.read(utf8("{\"error\":{\"code\":\"DUPLICATE\",\"message\":\"used\"}}"));
    assertEquals("DUPLICATE", old.orElseThrow().code());
    assertEquals("used", old.orElseThrow().detail());
    Optional<ApiError> newer =
        ApiError.read(utf8("{\"type\":\"t\",\"status\":400,\"code\":\"BAD_REQUEST\",\"x\":1}"));
    assertEquals("BAD_REQUEST", newer.orElseThrow().code());
  }

  @Test
  void anythingElseIsNoProblem() {
    assertEquals(Optional.empty(), ApiError.read(utf8("<html>bad gateway</html>")));
    assertEquals(Optional.empty(), ApiError.read(utf8("{}")));
    assertEquals(Optional.empty(), ApiError.read(utf8("")));
  }
}
