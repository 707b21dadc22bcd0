package io.edgemarket.broker.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The web UI as the web module's jar holds it (built by npm: {@code web/index.html}, {@code
 * web/manifest.json} and {@code web/assets/}), read once from the class path. Only the files the
 * manifest names are served, looked up by exact name, so no path can reach anything else.
 */
final class WebAssets {
  static final String PAGE = "/web/index.html";
  static final String MANIFEST = "/web/manifest.json";
  static final String ASSETS = "/web/assets/";

  /** Only what this broker serves: its own scripts, styles, images and fonts, and its feed. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self';"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'";

  /** A file and how to serve it. */
  record Asset(String contentType, byte[] bytes) {}

  private final byte[] page;
  private final Map<String, Asset> assets;

  private WebAssets(byte[] page, Map<String, Asset> assets) {
    this.page = page;
    this.assets = assets;
  }

  /** What the class path holds; an empty page when the UI is not packaged. */
  static WebAssets load() {
    byte[] page = resource(PAGE);
    byte[] manifest = resource(MANIFEST);
    Map<String, Asset> assets = new TreeMap<>();
    if (manifest.length > 0) {
      JsonNode names = Json.tree(new String(manifest, StandardCharsets.UTF_8)).path("assets");
      for (JsonNode name : names) {
        String file = name.asText();
        byte[] bytes = resource(ASSETS + file);
        if (file.matches("[A-Za-z0-9][A-Za-z0-9._-]*") && bytes.length > 0) {
          assets.put(file, new Asset(contentType(file), bytes));
        }
      }
    }
    return new WebAssets(page, Map.copyOf(assets));
  }

  byte[] page() {
    return page;
  }

  Optional<Asset> asset(String name) {
    return Optional.ofNullable(assets.get(name));
  }

  static String contentType(String file) {
    String ext = file.substring(file.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    return switch (ext) {
      case "js", "mjs" -> "text/javascript; charset=utf-8";
      case "css" -> "text/css; charset=utf-8";
      case "svg" -> "image/svg+xml";
      case "png" -> "image/png";
      case "woff2" -> "font/woff2";
      case "json", "map" -> "application/json";
      case "txt" -> "text/plain; charset=utf-8";
      default -> "application/octet-stream";
    };
  }

  private static byte[] resource(String name) {
    try (InputStream in = WebAssets.class.getResourceAsStream(name)) {
      return in == null ? new byte[0] : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
