package io.edgemarket.model.api;

import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * One logical entry of a tar archive, with the pax and GNU extension headers before it applied: its
 * name, link target (empty unless a link), type flag, content size and the offset of its header.
 */
record TarEntry(String name, String linkName, byte type, long size, long offset) {
  boolean isFile() {
    return type == TarConstants.LF_NORMAL
        || type == TarConstants.LF_OLDNORM
        || type == TarConstants.LF_CONTIG;
  }

  boolean isDirectory() {
    return type == TarConstants.LF_DIR;
  }

  boolean isSymlink() {
    return type == TarConstants.LF_SYMLINK;
  }

  boolean isHardLink() {
    return type == TarConstants.LF_LINK;
  }

  /** The name as a message shows it: quoted, control characters escaped. */
  String shown() {
    return show(name);
  }

  static String show(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length() && i < 200; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append(text.length() > 200 ? "...\"" : "\"").toString();
  }
}
