package io.edgemarket.model.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * What {@code manifest.json} must say for {@code docker load} to find a whole image: a JSON array
 * of exactly one image (what one {@code docker save IMAGE} writes, and what a provider loads),
 * whose {@code Config} and each of its at most {@link Limits#MAX_IMAGE_LAYERS} {@code Layers} name
 * a regular file in the archive, directly or through links inside it.
 */
final class ImageManifest {
  private ImageManifest() {}

  static void check(byte[] manifest, ImageEntries entries) throws TarProblem {
    JsonNode images;
    try {
      images = Json.tree(new String(manifest, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new TarProblem(ImageTar.MANIFEST + " is not JSON");
    }
    if (images == null || !images.isArray() || images.size() != 1 || !images.get(0).isObject()) {
      throw new TarProblem(ImageTar.MANIFEST + " must be a JSON array of exactly one image");
    }
    JsonNode image = images.get(0);
    JsonNode config = image.path("Config");
    if (!config.isTextual()) {
      throw new TarProblem(ImageTar.MANIFEST + " names no Config");
    }
    present(entries, "config", config.asText());
    JsonNode layers = image.path("Layers");
    if (!layers.isArray()) {
      throw new TarProblem(ImageTar.MANIFEST + " has no Layers array");
    }
    if (layers.size() > Limits.MAX_IMAGE_LAYERS) {
      throw new TarProblem(
          ImageTar.MANIFEST
              + " names "
              + layers.size()
              + " layers, more than "
              + Limits.MAX_IMAGE_LAYERS);
    }
    for (JsonNode layer : layers) {
      if (!layer.isTextual()) {
        throw new TarProblem(ImageTar.MANIFEST + " names a layer that is not a string");
      }
      present(entries, "layer", layer.asText());
    }
  }

  private static void present(ImageEntries entries, String what, String reference)
      throws TarProblem {
    if (entries.file(reference) == null) {
      throw new TarProblem(
          ImageTar.MANIFEST
              + " names "
              + what
              + " "
              + TarEntry.show(reference)
              + ", which is no file in the archive");
    }
  }
}
