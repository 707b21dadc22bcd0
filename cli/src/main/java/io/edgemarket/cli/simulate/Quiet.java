package io.edgemarket.cli.simulate;

import org.slf4j.LoggerFactory;

/**
 * Turns down the market's own logging for a simulation: a thousand links each logging that they
 * came up, and every churned link its failover, would bury the progress lines. Logback is the cli's
 * runtime logger, reached by reflection so that nothing compiles against it; with another logger
 * nothing changes.
 */
final class Quiet {
  private Quiet() {}

  static void logger(String name, String level) {
    Object logger = LoggerFactory.getLogger(name);
    try {
      Class<?> levels =
          Class.forName("ch.qos.logback.classic.Level", true, logger.getClass().getClassLoader());
      Object value = levels.getMethod("toLevel", String.class).invoke(null, level);
      logger.getClass().getMethod("setLevel", levels).invoke(logger, value);
    } catch (ReflectiveOperationException | LinkageError e) {
      // Not Logback: leave it as configured.
    }
  }
}
