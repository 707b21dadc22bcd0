package io.edgemarket.model.api;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A light walk of a layer tar inside the image tar, for paths that would leave the layer's root:
 * {@code ..} components, control characters, hard links out of the layer, relative symbolic links
 * that climb above it (absolute ones are fine: inside a container they point into its own root).
 * The same breakouts {@code docker load}'s own extraction refuses; checking them here refuses the
 * image at upload instead of at a provider. It does not read compressed layers, file contents,
 * ownership, modes or device entries: the engine's extraction is the judge of those.
 */
final class LayerCheck {
  private LayerCheck() {}

  static void walk(TarEntry layer, InputStream content, long size) throws IOException, TarProblem {
    TarReader reader = new TarReader(content, size);
    TarEntry entry = null;
    try {
      for (entry = reader.next(); entry != null; entry = reader.next()) {
        check(layer, entry);
      }
    } catch (EOFException e) {
      throw new TarProblem(
          "layer "
              + layer.shown()
              + ": entry "
              + (entry == null ? "?" : entry.shown())
              + " is truncated");
    } catch (TarProblem e) {
      throw new TarProblem("layer " + layer.shown() + ": " + e.getMessage());
    }
  }

  private static void check(TarEntry layer, TarEntry entry) throws TarProblem {
    String problem = TarPaths.nameProblem(entry.name(), true, TarPaths.MAX_LAYER_NAME_BYTES);
    if (problem != null) {
      throw new TarProblem("entry " + entry.shown() + " " + problem);
    }
    if (!entry.isSymlink() && !entry.isHardLink()) {
      return;
    }
    String link = entry.linkName();
    String bad = TarPaths.nameProblem(link, true, TarPaths.MAX_LAYER_NAME_BYTES);
    if (bad != null && !bad.contains("\"..\"")) {
      throw new TarProblem("link " + entry.shown() + ": its target " + bad);
    }
    boolean escapes =
        entry.isHardLink()
            ? TarPaths.resolve("", link) == null
            : !link.startsWith("/")
                && TarPaths.resolve(TarPaths.parent(TarPaths.normalize(entry.name())), link)
                    == null;
    if (escapes) {
      throw new TarProblem(
          (entry.isSymlink() ? "symbolic" : "hard")
              + " link "
              + entry.shown()
              + " points to "
              + TarEntry.show(link)
              + ", outside the layer");
    }
  }
}
