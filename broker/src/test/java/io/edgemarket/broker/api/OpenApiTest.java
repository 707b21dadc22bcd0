package io.edgemarket.broker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The maintained openapi.json and the route table describe exactly the same routes. */
class OpenApiTest {
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws IOException {
    Set<String> table = new TreeSet<>();
    for (Route route : Routes.ALL) {
      table.add(route.method().name().toLowerCase(Locale.ROOT) + " " + route.path());
    }
    Set<String> documented = new TreeSet<>();
    JsonNode paths = document().get("paths");
    for (Map.Entry<String, JsonNode> path : paths.properties()) {
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        if (METHODS.contains(op.getKey())) {
          documented.add(op.getKey() + " " + path.getKey());
        }
      }
    }
    assertEquals(table, documented);
  }

  @Test
  void signedRoutesAndOnlyThoseDeclareTheSignatureScheme() throws IOException {
    JsonNode paths = document().get("paths");
    for (Route route : Routes.ALL) {
      JsonNode op = paths.get(route.path()).get(route.method().name().toLowerCase(Locale.ROOT));
      JsonNode security = op.get("security");
      assertNotNull(security, route.key() + " must state its security");
      assertEquals(route.signed(), !security.isEmpty(), route.key());
    }
  }

  static JsonNode document() throws IOException {
    try (InputStream in = OpenApiTest.class.getResourceAsStream(SystemHandlers.OPENAPI_RESOURCE)) {
      assertNotNull(in, "openapi.json on the classpath");
      return Json.tree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
