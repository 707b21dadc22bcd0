package io.edgemarket.model.api;

import java.nio.charset.StandardCharsets;

/**
 * The records of pax extended headers ({@code "LEN key=value\n"}, LEN counting the whole record, so
 * a value may hold newlines) that decide where the next entry is and what it is called. Malformed
 * records and sparse files are refused: Go's reader either refuses them too or reads the entry's
 * content differently from the header's size.
 */
final class PaxRecords {
  String path;
  String linkPath;
  long size = -1;

  boolean isEmpty() {
    return path == null && linkPath == null && size < 0;
  }

  void parse(byte[] content, long offset) throws TarProblem {
    int at = 0;
    while (at < content.length) {
      if (content[at] == 0) {
        break; // NUL padding after the last record
      }
      int space = at;
      long length = 0;
      while (space < content.length && content[space] >= '0' && content[space] <= '9') {
        length = length * 10 + (content[space] - '0');
        if (length > content.length) {
          throw malformed(offset);
        }
        space++;
      }
      if (space == at || space >= content.length || content[space] != ' ') {
        throw malformed(offset);
      }
      int end = at + (int) length;
      if (end > content.length || end <= space + 1 || content[end - 1] != '\n') {
        throw malformed(offset);
      }
      String record = new String(content, space + 1, end - space - 2, StandardCharsets.UTF_8);
      int equals = record.indexOf('=');
      if (equals <= 0) {
        throw malformed(offset);
      }
      apply(record.substring(0, equals), record.substring(equals + 1), offset);
      at = end;
    }
  }

  private void apply(String key, String value, long offset) throws TarProblem {
    if (key.startsWith("GNU.sparse.")) {
      throw new TarProblem("sparse file at offset " + offset + ": image tars hold none");
    }
    switch (key) {
      case "path" -> path = value;
      case "linkpath" -> linkPath = value;
      case "size" -> {
        try {
          size = Long.parseLong(value);
        } catch (NumberFormatException e) {
          throw malformed(offset);
        }
        if (size < 0 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
          throw malformed(offset);
        }
      }
      default -> {}
    }
  }

  private static TarProblem malformed(long offset) {
    return new TarProblem("malformed pax header at offset " + offset);
  }
}
