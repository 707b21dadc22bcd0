package io.edgemarket.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How many generated hostile inputs a suite runs and from which seed, and what it leaves behind
 * when one of them fails. CI runs {@code defaultCases} with {@link #CI_SEED}; the long version sets
 * {@code HOSTILE_CASES} (and {@code HOSTILE_SEED} to replay a run; {@code random} draws one), as a
 * system property or an environment variable. Case {@code i} depends only on the seed and {@code
 * i}, so the seed and case number printed on a failure reproduce it alone.
 *
 * @param cases how many cases to run
 * @param seed the seed every case is derived from
 */
public record HostileCases(int cases, long seed) {

  /** The seed of the CI-size runs, fixed so that they are the same everywhere. */
  public static final long CI_SEED = 20_130_004L;

  /** The run the environment asks for, or {@code defaultCases} from {@link #CI_SEED}. */
  public static HostileCases fromEnvironment(int defaultCases) {
    String cases = setting("HOSTILE_CASES");
    String seed = setting("HOSTILE_SEED");
    long chosen;
    if (seed == null) {
      chosen = cases == null ? CI_SEED : ThreadLocalRandom.current().nextLong();
    } else {
      chosen =
          seed.equals("random") ? ThreadLocalRandom.current().nextLong() : Long.parseLong(seed);
    }
    return new HostileCases(cases == null ? defaultCases : Integer.parseInt(cases), chosen);
  }

  /** The random source of case {@code number}: independent of every other case. */
  public java.util.Random random(int number) {
    // Mixed first: java.util.Random's first draws from neighbouring seeds are alike.
    long z = seed + 0x9E37_79B9_7F4A_7C15L * (number + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return new java.util.Random(z ^ (z >>> 31));
  }

  /**
   * Writes {@code bytes} to {@code target/hostile/SUITE-SEED-CASE.bin} and returns an error naming
   * the seed, the case, its kind and the file, with {@code cause} attached.
   */
  public AssertionError failure(
      String suite, int number, String kind, byte[] bytes, String what, Throwable cause) {
    Path file = Path.of("target", "hostile", suite + "-" + seed + "-" + number + ".bin");
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String message =
        "%s: case %d (%s) of seed %d: %s; its bytes are in %s (replay: HOSTILE_SEED=%d HOSTILE_CASES=%d)"
            .formatted(suite, number, kind, seed, what, file.toAbsolutePath(), seed, number + 1);
    System.err.println(message);
    AssertionError error = new AssertionError(message);
    if (cause != null) {
      error.initCause(cause);
    }
    return error;
  }

  private static String setting(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      value = System.getenv(name);
    }
    return value == null || value.isBlank() ? null : value.strip();
  }
}
