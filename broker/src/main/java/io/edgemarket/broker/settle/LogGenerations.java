package io.edgemarket.broker.settle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The settlement queue's log files by generation: generation 0 is {@code receipts.log} and {@code
 * batches.log} (the names before checkpoints existed, so an older directory opens as it is),
 * generation {@code g} is {@code receipts-g.log} and {@code batches-g.log}. A checkpoint covers
 * every generation below its {@code next}; those files are then deleted.
 */
final class LogGenerations {
  private static final Pattern NAME = Pattern.compile("(receipts|batches)(?:-(\\d+))?\\.log");

  private LogGenerations() {}

  static Path receipts(Path dir, int generation) {
    return dir.resolve(generation == 0 ? "receipts.log" : "receipts-" + generation + ".log");
  }

  static Path batches(Path dir, int generation) {
    return dir.resolve(generation == 0 ? "batches.log" : "batches-" + generation + ".log");
  }

  /** The generations that have a file in {@code dir}, oldest first. */
  static List<Integer> present(Path dir) throws IOException {
    TreeSet<Integer> generations = new TreeSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(
          f -> {
            Matcher m = NAME.matcher(f.getFileName().toString());
            if (m.matches()) {
              generations.add(m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
            }
          });
    }
    return new ArrayList<>(generations);
  }

  /** Deletes the files of every generation below {@code next}: a checkpoint holds them. */
  static void deleteBelow(Path dir, int next) throws IOException {
    for (int generation : present(dir)) {
      if (generation < next) {
        Files.deleteIfExists(receipts(dir, generation));
        Files.deleteIfExists(batches(dir, generation));
      }
    }
  }
}
