package io.edgemarket.model.api;

import java.util.HashMap;
import java.util.Map;

/**
 * The rules for the entries of an image tar's outer archive, which {@code docker load} unpacks into
 * a directory of its own: names relative and inside the root, no control characters, no duplicates
 * (which of two the reader keeps is up to the reader), only files, directories and links that stay
 * inside the root (no devices or FIFOs), nothing placed under a symbolic link (a link to "." would
 * let a later "link/../x" leave the root though each name looks harmless), at most {@link
 * Limits#MAX_IMAGE_ENTRIES} entries.
 */
final class ImageEntries {
  private static final int MAX_HOPS = 16;

  /** Normalized name to the entry; links to their normalized targets in {@link #targets}. */
  private final Map<String, TarEntry> entries = new HashMap<>();

  private final Map<String, String> targets = new HashMap<>();

  /** Checks one more entry; returns its normalized name. */
  String add(TarEntry entry) throws TarProblem {
    if (entries.size() >= Limits.MAX_IMAGE_ENTRIES) {
      throw new TarProblem("more than " + Limits.MAX_IMAGE_ENTRIES + " entries");
    }
    String problem = TarPaths.nameProblem(entry.name(), false);
    if (problem != null) {
      throw new TarProblem("entry " + entry.shown() + " " + problem);
    }
    String name = TarPaths.normalize(entry.name());
    if (!(entry.isFile() || entry.isDirectory() || entry.isSymlink() || entry.isHardLink())) {
      throw new TarProblem("entry " + entry.shown() + " is " + typeName(entry.type()));
    }
    if (name.isEmpty() && !entry.isDirectory()) {
      throw new TarProblem("entry " + entry.shown() + " names the archive's root");
    }
    if (entry.isSymlink() || entry.isHardLink()) {
      String link = entry.linkName();
      String kind = (entry.isSymlink() ? "symbolic" : "hard") + " link " + entry.shown();
      String bad = TarPaths.nameProblem(link, true);
      if (bad != null && !bad.contains("\"..\"")) {
        throw new TarProblem(kind + ": its target " + bad);
      }
      // A symbolic link's target is taken from its directory, a hard link's from the root.
      String resolved =
          link.startsWith("/")
              ? null
              : TarPaths.resolve(entry.isSymlink() ? TarPaths.parent(name) : "", link);
      if (resolved == null || resolved.isEmpty()) {
        throw new TarProblem(
            kind
                + " points to "
                + TarEntry.show(link)
                + (resolved == null ? ", outside the archive" : ", the archive's root"));
      }
      targets.put(name, resolved);
    }
    if (!name.isEmpty() && entries.putIfAbsent(name, entry) != null) {
      throw new TarProblem("entry " + entry.shown() + " appears more than once");
    }
    return name;
  }

  /** The checks that need every entry: nothing under a symbolic link, hard links to files. */
  void finish() throws TarProblem {
    for (Map.Entry<String, TarEntry> each : entries.entrySet()) {
      for (String dir = TarPaths.parent(each.getKey());
          !dir.isEmpty();
          dir = TarPaths.parent(dir)) {
        TarEntry above = entries.get(dir);
        if (above != null && above.isSymlink()) {
          throw new TarProblem(
              "entry "
                  + each.getValue().shown()
                  + " lies under the symbolic link "
                  + above.shown());
        }
      }
      if (each.getValue().isHardLink() && file(each.getKey()) == null) {
        throw new TarProblem(
            "hard link "
                + each.getValue().shown()
                + " points to "
                + TarEntry.show(each.getValue().linkName())
                + ", which is no file in the archive");
      }
    }
  }

  /** The regular file {@code reference} names, through links; null when there is none. */
  String file(String reference) {
    if (TarPaths.nameProblem(reference, false) != null) {
      return null;
    }
    String name = TarPaths.normalize(reference);
    for (int hop = 0; hop < MAX_HOPS; hop++) {
      TarEntry entry = entries.get(name);
      if (entry == null || entry.isDirectory()) {
        return null;
      }
      if (entry.isFile()) {
        return name;
      }
      name = targets.get(name);
    }
    return null;
  }

  private static String typeName(byte type) {
    return switch (type) {
      case '3' -> "a character device";
      case '4' -> "a block device";
      case '6' -> "a FIFO";
      default -> "of type '" + (char) type + "', which image tars do not hold";
    };
  }
}
