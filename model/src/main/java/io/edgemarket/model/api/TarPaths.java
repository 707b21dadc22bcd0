package io.edgemarket.model.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Entry names and link targets read lexically: what each names relative to the archive root. */
final class TarPaths {
  private TarPaths() {}

  /** Linux's PATH_MAX: the longest name a layer's entry may have. */
  static final int MAX_LAYER_NAME_BYTES = 4096;

  /** Why {@code name} is no acceptable name of the image tar's own entries, or null. */
  static String nameProblem(String name, boolean absoluteAllowed) {
    return nameProblem(name, absoluteAllowed, Limits.MAX_IMAGE_NAME_BYTES);
  }

  /** Why {@code name} is no acceptable entry name, or null. */
  static String nameProblem(String name, boolean absoluteAllowed, int maxBytes) {
    if (name.isEmpty()) {
      return "has an empty name";
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      return "has a name longer than " + maxBytes + " bytes";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return "has a control character (" + String.format("0x%02x", (int) c) + ") in its name";
      }
    }
    if (!absoluteAllowed && name.startsWith("/")) {
      return "is an absolute path";
    }
    for (String part : name.split("/")) {
      if (part.equals("..")) {
        return "has a \"..\" component";
      }
    }
    return null;
  }

  /** {@code name} without empty and {@code .} components and leading or trailing slashes. */
  static String normalize(String name) {
    return resolve("", name);
  }

  /**
   * {@code target} taken from directory {@code dir} (normalized), or null when it leaves the root
   * on the way; an absolute target starts from the root.
   */
  static String resolve(String dir, String target) {
    List<String> parts = new ArrayList<>();
    if (!target.startsWith("/") && !dir.isEmpty()) {
      parts.addAll(List.of(dir.split("/")));
    }
    for (String part : target.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.remove(parts.size() - 1);
      } else {
        parts.add(part);
      }
    }
    return String.join("/", parts);
  }

  /** The directory holding {@code name} (normalized), "" at the top level. */
  static String parent(String name) {
    int slash = name.lastIndexOf('/');
    return slash < 0 ? "" : name.substring(0, slash);
  }
}
