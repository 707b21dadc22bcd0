package io.edgemarket.cli.market;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver: nothing is downloaded (no
 * Selenium Manager, no browser build of its own). Without the packages a test is skipped, loudly,
 * unless CI is set, where it fails: CI installs them (scripts/setup-prereqs.sh).
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Skips (fails under CI) when Chromium or its driver is not installed. */
  static void assumeInstalled() {
    if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
      return;
    }
    String why =
        "browser tests need "
            + CHROMIUM
            + " and "
            + CHROMEDRIVER
            + " (apt-get install chromium chromium-driver; scripts/setup-prereqs.sh)";
    if ("true".equals(System.getenv("CI"))) {
      Assertions.fail(why);
    }
    System.err.println("SKIPPED: " + why);
    Assumptions.abort(why);
  }

  static Browser start() throws IOException {
    Path profile = Files.createTempDirectory("edgemarket-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // Without the background-networking switches Chromium dials out (updates, sync, field trials),
    // which the closed network here refuses, and QUIC probes likewise.
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1600",
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withEnvironment(Map.of())
            .build();
    return new Browser(new ChromeDriver(service, options), profile);
  }

  /** Saves a PNG of what the window shows to {@code target/screenshots/NAME.png}. */
  Path screenshot(String name) throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "screenshots"));
    Path file = dir.resolve(name + ".png");
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    System.out.println("screenshot: " + file.toAbsolutePath());
    return file;
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * Returns once the page has drawn two more frames: what a resize or a new snapshot changed is on
   * screen (a screenshot taken now shows it), without guessing a duration.
   */
  void drawn() {
    driver.executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + " requestAnimationFrame(() => requestAnimationFrame(() => done()));");
  }

  /**
   * Reads the overview's rate chart (its latest figure, {@code data-last}) at the wait's polling
   * interval until two different positive figures were seen and {@code enough} holds; fails, naming
   * what it read, if that takes longer than {@code patience}.
   */
  void awaitRateMoving(java.time.Duration patience, java.util.function.BooleanSupplier enough) {
    java.util.List<String> rates = new java.util.ArrayList<>();
    try {
      new org.openqa.selenium.support.ui.WebDriverWait(driver, patience)
          .until(
              d -> {
                rates.add(
                    (String)
                        driver.executeScript(
                            "const e = document.querySelector('#rate-chart');"
                                + " return e && e.getAttribute('data-last');"));
                return distinctPositive(rates) >= 2 && enough.getAsBoolean();
              });
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("the rate chart did not move: " + rates, e);
    }
  }

  private static long distinctPositive(java.util.List<String> values) {
    return values.stream()
        .filter(v -> v != null && !v.isEmpty() && Double.parseDouble(v) > 0)
        .distinct()
        .count();
  }
}
