package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The standalone agent as a contributor installs it, and its commands as processes. */
final class AgentInstall {
  static final Duration DEADLINE = Duration.ofSeconds(120);

  private AgentInstall() {}

  /** provider-agent/target/edgemarket-agent-*.tar.gz, unpacked here with tar as a person would. */
  static Path unpack(Path dir) throws IOException, InterruptedException {
    Path target = Path.of("../provider-agent/target");
    Path tarball;
    try (Stream<Path> files = Files.list(target)) {
      tarball =
          files
              .filter(p -> p.getFileName().toString().matches("edgemarket-agent-.*\\.tar\\.gz"))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "no edgemarket-agent-*.tar.gz in " + target.toAbsolutePath()));
    }
    Path into = Files.createDirectories(dir.resolve("install"));
    Process tar =
        new ProcessBuilder("tar", "xzf", tarball.toAbsolutePath().toString(), "-C", into.toString())
            .inheritIO()
            .start();
    assertEquals(0, tar.waitFor());
    try (Stream<Path> unpacked = Files.list(into)) {
      return unpacked.findFirst().orElseThrow();
    }
  }

  /** {@code bin/edgemarket-agent} as its own process, with this JDK and its output in a file. */
  record Run(Process process, Path logFile) {
    static Run of(Path agent, Map<String, String> env, String... args) throws IOException {
      List<String> command = new ArrayList<>(List.of(agent.toString()));
      command.addAll(List.of(args));
      Path log = Files.createTempFile(agent.getParent().getParent(), "run", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().keySet().removeIf(k -> k.startsWith("EDGEMARKET_"));
      builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
      builder.environment().putAll(env);
      return new Run(builder.start(), log);
    }

    Run waitFor() throws InterruptedException {
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("still running: " + log());
      }
      return this;
    }

    int exit() {
      return process.exitValue();
    }

    String log() {
      try {
        return Files.readString(logFile);
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }

    void awaitLog(String text) throws InterruptedException {
      long end = System.nanoTime() + DEADLINE.toNanos();
      while (!log().contains(text)) {
        if (!process.isAlive() || System.nanoTime() > end) {
          throw new AssertionError("no '" + text + "' from the agent:\n" + log());
        }
        Thread.sleep(200);
      }
    }

    @Override
    public String toString() {
      return log();
    }
  }
}
