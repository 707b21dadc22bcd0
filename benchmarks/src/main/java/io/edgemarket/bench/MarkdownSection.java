package io.edgemarket.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Replaces what lies between two marker comments of a markdown file, leaving the rest of the file
 * as it was: a script's generated table is rewritten on each run, the prose around it is not. When
 * the markers are missing, a new section ({@code heading}, then the markers) is appended.
 *
 * <p>{@code java ... MarkdownSection FILE NAME HEADING CONTENT_FILE} uses markers {@code <!--
 * NAME:begin -->} and {@code <!-- NAME:end -->}.
 */
public final class MarkdownSection {
  private MarkdownSection() {}

  static String begin(String name) {
    return "<!-- " + name + ":begin -->";
  }

  static String end(String name) {
    return "<!-- " + name + ":end -->";
  }

  /** {@code document} with {@code body} between the markers of {@code name}. */
  static String replace(String document, String name, String heading, String body) {
    String begin = begin(name);
    String end = end(name);
    String content = body.endsWith("\n") ? body : body + "\n";
    int from = document.indexOf(begin);
    int to = from < 0 ? -1 : document.indexOf(end, from);
    if (from < 0 || to < 0) {
      String sep =
          document.isEmpty() || document.endsWith("\n\n")
              ? ""
              : document.endsWith("\n") ? "\n" : "\n\n";
      return document + sep + heading + "\n\n" + begin + "\n" + content + end + "\n";
    }
    return document.substring(0, from + begin.length()) + "\n" + content + document.substring(to);
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException("usage: MarkdownSection FILE NAME HEADING CONTENT_FILE");
    }
    Path file = Path.of(args[0]);
    String document = Files.exists(file) ? Files.readString(file) : "";
    Files.writeString(
        file, replace(document, args[1], args[2], Files.readString(Path.of(args[3]))));
  }
}
