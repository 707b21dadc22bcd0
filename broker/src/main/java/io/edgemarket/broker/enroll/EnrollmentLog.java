package io.edgemarket.broker.enroll;

import io.edgemarket.model.Role;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The durable state of enrollment: one line per event, appended and forced to disk before the
 * answer goes out, so a crash can neither revive a used token nor forget an issued name. Lines:
 * {@code token HASH ROLE NAME|- EXPIRES_MS}, {@code used HASH}, {@code name NAME ROLE}.
 */
final class EnrollmentLog implements AutoCloseable {
  /** What an unused token allows. */
  record Grant(Role role, String name, long expiresAt) {}

  private final FileChannel channel;
  final Map<String, Grant> unused = new HashMap<>();
  final Set<String> names = new HashSet<>();

  private EnrollmentLog(FileChannel channel) {
    this.channel = channel;
  }

  static EnrollmentLog open(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    EnrollmentLog log =
        new EnrollmentLog(
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    if (Files.size(file) > 0) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (String line : lines) {
        log.apply(line.split(" "));
      }
    }
    return log;
  }

  void token(String hash, Grant grant) throws IOException {
    String name = grant.name() == null ? "-" : grant.name();
    append(
        "token "
            + hash
            + " "
            + grant.role().attributeValue()
            + " "
            + name
            + " "
            + grant.expiresAt());
  }

  /** Marks the token used and the name taken in one forced write: both or neither survive. */
  void enrolled(String hash, String name, Role role) throws IOException {
    append("used " + hash + "\nname " + name + " " + role.attributeValue());
  }

  private void append(String lines) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap((lines + "\n").getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
    channel.force(true);
    for (String line : lines.split("\n")) {
      apply(line.split(" "));
    }
  }

  private void apply(String[] fields) {
    switch (fields.length + fields[0]) {
      case "5token" -> {
        String name = fields[3].equals("-") ? null : fields[3];
        unused.put(
            fields[1], new Grant(Role.fromAttribute(fields[2]), name, Long.parseLong(fields[4])));
      }
      case "2used" -> unused.remove(fields[1]);
      case "3name" -> names.add(fields[1]);
      default -> {
        // A torn last line from a crash mid-write: its event was never answered, so skip it.
      }
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
