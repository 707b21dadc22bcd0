package io.edgemarket.broker.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a JSON value against an OpenAPI 3.0 schema, for the subset of JSON Schema our document
 * uses: {@code $ref} (within the document), {@code type}, {@code nullable}, {@code enum}, {@code
 * properties}, {@code required}, {@code additionalProperties}, {@code items}, {@code allOf}, {@code
 * format} (int32, int64, byte), {@code pattern}, {@code minimum} and {@code maximum}. A keyword it
 * does not know fails the check rather than being ignored, so the document cannot outgrow it
 * unnoticed.
 *
 * <p>Stricter than JSON Schema in one way, on purpose: a property the schema does not declare is a
 * violation unless the schema allows additional properties, since an answer field missing from the
 * document is a documentation bug.
 */
final class SchemaCheck {
  private static final Set<String> KEYWORDS =
      Set.of(
          "$ref",
          "type",
          "nullable",
          "enum",
          "properties",
          "required",
          "additionalProperties",
          "items",
          "allOf",
          "format",
          "pattern",
          "maxLength",
          "minimum",
          "maximum",
          "description",
          "default",
          "example");

  private final JsonNode document;

  SchemaCheck(JsonNode document) {
    this.document = document;
  }

  /** Every violation, each as "path: what is wrong"; empty when the value conforms. */
  List<String> violations(JsonNode schema, JsonNode value) {
    List<String> found = new ArrayList<>();
    check(schema, value, "$", found);
    return found;
  }

  private void check(JsonNode schema, JsonNode value, String at, List<String> found) {
    for (Map.Entry<String, JsonNode> keyword : schema.properties()) {
      if (!KEYWORDS.contains(keyword.getKey())) {
        found.add(at + ": the checker does not know keyword " + keyword.getKey());
      }
    }
    if (schema.has("$ref")) {
      check(resolve(schema.get("$ref").asText()), value, at, found);
      return;
    }
    if (value.isNull()) {
      if (!schema.path("nullable").asBoolean(false)) {
        found.add(at + ": null where the schema does not allow it");
      }
      return;
    }
    for (JsonNode part : schema.path("allOf")) {
      check(part, value, at, found);
    }
    if (schema.has("type") && !hasType(schema.get("type").asText(), value)) {
      found.add(at + ": expected " + schema.get("type").asText() + ", got " + value.getNodeType());
      return;
    }
    if (schema.has("enum") && !contains(schema.get("enum"), value)) {
      found.add(at + ": " + value + " is not one of " + schema.get("enum"));
    }
    checkString(schema, value, at, found);
    checkNumber(schema, value, at, found);
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        check(schema.get("items"), value.get(i), at + "[" + i + "]", found);
      }
    }
    if (value.isObject()) {
      checkObject(schema, value, at, found);
    }
  }

  private void checkObject(JsonNode schema, JsonNode value, String at, List<String> found) {
    for (JsonNode name : schema.path("required")) {
      if (!value.has(name.asText())) {
        found.add(at + ": lacks required " + name.asText());
      }
    }
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.path("additionalProperties");
    // A schema made only of allOf parts leaves the shape to the parts, which check it themselves.
    boolean declaresShape = schema.has("properties");
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      String path = at + "." + field.getKey();
      if (properties.has(field.getKey())) {
        check(properties.get(field.getKey()), field.getValue(), path, found);
      } else if (additional.isObject()) {
        check(additional, field.getValue(), path, found);
      } else if (declaresShape && !additional.asBoolean(false)) {
        found.add(path + ": not in the schema");
      }
    }
  }

  private static void checkString(JsonNode schema, JsonNode value, String at, List<String> found) {
    if (!value.isTextual()) {
      return;
    }
    String text = value.asText();
    if (schema.has("maxLength") && text.length() > schema.get("maxLength").asInt()) {
      found.add(at + ": " + text.length() + " characters, more than " + schema.get("maxLength"));
    }
    if (schema.has("pattern")
        && !Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
      found.add(at + ": \"" + text + "\" does not match " + schema.get("pattern").asText());
    }
    if ("byte".equals(schema.path("format").asText())) {
      try {
        Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        found.add(at + ": not base64");
      }
    }
  }

  private static void checkNumber(JsonNode schema, JsonNode value, String at, List<String> found) {
    if (!value.isNumber()) {
      return;
    }
    if ("int32".equals(schema.path("format").asText()) && !value.canConvertToInt()) {
      found.add(at + ": " + value + " is beyond int32");
    }
    if ("int64".equals(schema.path("format").asText()) && !value.canConvertToLong()) {
      found.add(at + ": " + value + " is beyond int64");
    }
    if (schema.has("minimum")
        && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
      found.add(at + ": " + value + " is below " + schema.get("minimum"));
    }
    if (schema.has("maximum")
        && value.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
      found.add(at + ": " + value + " is above " + schema.get("maximum"));
    }
  }

  private static boolean hasType(String type, JsonNode value) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> throw new IllegalArgumentException("unknown schema type " + type);
    };
  }

  private static boolean contains(JsonNode values, JsonNode value) {
    for (JsonNode candidate : values) {
      if (candidate.equals(value)) {
        return true;
      }
    }
    return false;
  }

  /** A local reference, {@code #/components/schemas/Name}. */
  JsonNode resolve(String ref) {
    if (!ref.startsWith("#/")) {
      throw new IllegalArgumentException("only local references are supported: " + ref);
    }
    JsonNode target = document.at(ref.substring(1));
    if (target.isMissingNode()) {
      throw new IllegalArgumentException("dangling reference " + ref);
    }
    return target;
  }
}
