package io.edgemarket.broker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schema checker finds what it must, so that a conforming answer means something. */
class SchemaCheckTest {
  private static final JsonNode DOCUMENT =
      Json.tree(
          """
          {"components": {"schemas": {
            "Thing": {"type": "object", "required": ["id"], "properties": {
              "id": {"type": "string", "pattern": "^[a-z]+$", "maxLength": 5},
              "count": {"type": "integer", "format": "int32", "minimum": 0, "maximum": 10},
              "state": {"type": "string", "enum": ["A", "B"], "nullable": true},
              "data": {"type": "string", "format": "byte"},
              "tags": {"type": "array", "items": {"type": "string"}},
              "inner": {"allOf": [{"$ref": "#/components/schemas/Inner"}], "nullable": true}}},
            "Inner": {"type": "object", "properties": {"ok": {"type": "boolean"}}},
            "Odd": {"type": "object", "oneOf": []}
          }}}
          """);

  private final SchemaCheck check = new SchemaCheck(DOCUMENT);

  private List<String> violations(String schema, String json) {
    return check.violations(check.resolve("#/components/schemas/" + schema), Json.tree(json));
  }

  @Test
  void aConformingValuePasses() {
    assertEquals(
        List.of(),
        violations(
            "Thing",
            """
            {"id": "abc", "count": 3, "state": null, "data": "aGk=", "tags": ["x"],
             "inner": {"ok": true}}
            """));
    assertEquals(List.of(), violations("Thing", "{\"id\": \"abc\", \"inner\": null}"));
  }

  @Test
  void eachKindOfViolationIsFound() {
    assertEquals(List.of("$: lacks required id"), violations("Thing", "{}"));
    assertEquals(List.of("$: expected object, got ARRAY"), violations("Thing", "[]"));
    assertEquals(1, violations("Thing", "{\"id\": \"ABC\"}").size(), "pattern");
    assertEquals(1, violations("Thing", "{\"id\": \"abcdef\"}").size(), "maxLength");
    assertEquals(1, violations("Thing", "{\"id\": \"a\", \"count\": 11}").size(), "maximum");
    assertEquals(1, violations("Thing", "{\"id\": \"a\", \"count\": -1}").size(), "minimum");
    assertEquals(1, violations("Thing", "{\"id\": \"a\", \"count\": 1.5}").size(), "integer");
    assertTrue(
        violations("Thing", "{\"id\": \"a\", \"count\": 3000000000}").stream()
            .anyMatch(v -> v.contains("beyond int32")));
    assertEquals(1, violations("Thing", "{\"id\": \"a\", \"state\": \"C\"}").size(), "enum");
    assertEquals(1, violations("Thing", "{\"id\": \"a\", \"data\": \"***\"}").size(), "base64");
    assertEquals(1, violations("Thing", "{\"id\": \"a\", \"tags\": [1]}").size(), "items");
    assertEquals(1, violations("Thing", "{\"id\": null}").size(), "not nullable");
    assertEquals(
        List.of("$.inner.ok: expected boolean, got STRING"),
        violations("Thing", "{\"id\": \"a\", \"inner\": {\"ok\": \"yes\"}}"));
  }

  @Test
  void undocumentedPropertiesAreViolations() {
    assertEquals(
        List.of("$.extra: not in the schema"),
        violations("Thing", "{\"id\": \"a\", \"extra\": 1}"));
  }

  @Test
  void unknownKeywordsFailRatherThanPassSilently() {
    List<String> found = violations("Odd", "{}");
    assertTrue(found.get(0).contains("does not know keyword oneOf"), found.toString());
  }
}
