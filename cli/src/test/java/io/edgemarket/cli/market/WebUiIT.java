package io.edgemarket.cli.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.json.Json;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.InvokeOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 15: the market overview in a real browser (Debian's Chromium), against a market of three
 * agents ({@code up}'s), while invocations run: the page shows the market's own providers and
 * regions, its invocation-rate chart moves, it loads nothing from any other host and breaks no rule
 * of its Content-Security-Policy, the keyboard reaches it, and it fits a phone's width. Screenshots
 * of each page at both widths go to {@code target/screenshots/}.
 */
class WebUiIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path dir;
  static MarketFixture fixture;
  static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    Browser.assumeInstalled();
    fixture = new MarketFixture(dir.resolve("market"), 3);
    byte[] upper = Files.readAllBytes(Path.of("../samples/wasm/upper.wasm"));
    fixture.consumer.deploy("upper", upper, DeployOptions.defaults());
    browser = Browser.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  private static String origin() {
    String url = fixture.market.brokerUrl().toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Test
  void theOverviewShowsTheLiveMarketAndItsChartsMoveWhileInvocationsRun() throws Exception {
    var driver = browser.driver;
    driver.get(origin() + "/");
    WebDriverWait wait = new WebDriverWait(driver, WAIT);
    wait.until(d -> d.findElements(By.cssSelector("#providers tbody tr td.regions")).size() == 3);
    assertEquals("live", text("#live"));

    // The providers and regions the broker itself reports.
    JsonNode market = publicMarket();
    Set<String> providerIds = new TreeSet<>();
    market.get("providers").forEach(p -> providerIds.add(p.get("providerId").asText()));
    Set<String> regions = new TreeSet<>();
    market.get("offers").forEach(o -> regions.add(o.get("region").asText()));
    assertEquals(3, providerIds.size(), market.toString());
    assertEquals(Set.of("eu-central", "eu-west", "us-east"), regions);
    assertEquals("3", text("#summary [data-key=providers] dd"));
    // Read in one script: the page redraws its tables at every snapshot.
    @SuppressWarnings("unchecked")
    List<List<String>> rows =
        (List<List<String>>)
            driver.executeScript(
                "return [...document.querySelectorAll('#providers tbody tr')]"
                    + ".map(r => [r.querySelector('td.id').title,"
                    + " r.querySelector('td.regions').textContent])");
    Set<String> shownIds = new TreeSet<>();
    Set<String> shownRegions = new TreeSet<>();
    rows.forEach(
        row -> {
          shownIds.add(row.get(0));
          shownRegions.add(row.get(1));
        });
    assertEquals(providerIds, shownIds);
    assertEquals(regions, shownRegions);
    assertEquals("embedded", text("#summary [data-key=ledger] dd"));

    // Invocations run for a while; the rate chart's latest figure must rise above zero and change.
    AtomicInteger done = new AtomicInteger();
    runInvocations(done, () -> browser.awaitRateMoving(WAIT, () -> done.get() > 20));
    int points = Integer.parseInt(attribute("#rate-chart", "data-points"));
    assertTrue(points >= 3, "points: " + points);
    wait.until(d -> !attribute("#latency-chart", "data-last").startsWith(","));
    wait.until(
        d -> Long.parseLong(text("#summary [data-key=invocations] dd").replace(",", "")) > 0);
    wait.until(d -> !d.findElements(By.cssSelector("#batches tbody tr td code")).isEmpty());
    assertEquals(
        3, driver.findElements(By.cssSelector("#prices tbody tr")).size(), "three price levels");

    // Nothing from another host: every network entry the page made is this broker's.
    @SuppressWarnings("unchecked")
    List<String> fetched =
        (List<String>)
            driver.executeScript(
                "return performance.getEntries()"
                    + ".filter(e => e.entryType === 'navigation' || e.entryType === 'resource')"
                    + ".map(e => e.name)");
    assertTrue(fetched.size() >= 3, "page, script, style sheet: " + fetched);
    for (String url : fetched) {
      assertTrue(url.startsWith(origin() + "/"), "a request to another host: " + url);
    }
    List<String> problems = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      String message = entry.getMessage();
      if (message.contains("Content Security Policy") || message.contains("Uncaught")) {
        problems.add(message);
      }
    }
    assertEquals(List.of(), problems, "console");

    fullPage(1280);
    browser.screenshot("overview-desktop");

    // The keyboard: the first Tab reaches the skip link, which leads to the main content.
    driver.navigate().refresh();
    wait.until(d -> "live".equals(text("#live")));
    new Actions(driver).sendKeys(Keys.TAB).perform();
    assertEquals("skip", driver.switchTo().activeElement().getAttribute("class"));
    new Actions(driver).sendKeys(Keys.ENTER).perform();
    assertEquals("main", driver.switchTo().activeElement().getAttribute("id"));
    wait.until(d -> d.findElements(By.cssSelector("#providers tbody tr td.regions")).size() == 3);

    fullPage(390);
    // The charts take the new width at the next snapshot (about a second): until then the page may
    // still be wider; it must fit within the wait.
    String overflowScript =
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth";
    try {
      wait.until(d -> ((Number) driver.executeScript(overflowScript)).intValue() <= 0);
    } catch (org.openqa.selenium.TimeoutException e) {
      Number overflow = (Number) driver.executeScript(overflowScript);
      throw new AssertionError("wider than a phone by " + overflow + " px", e);
    }
    browser.drawn();
    browser.screenshot("overview-phone");
  }

  /** Sizes the window to the page's whole height at {@code width}, so a screenshot shows it all. */
  private static void fullPage(int width) {
    var driver = browser.driver;
    driver.manage().window().setSize(new Dimension(width, 900));
    Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
    driver.manage().window().setSize(new Dimension(width, Math.min(6000, height.intValue() + 100)));
    driver.executeScript("window.scrollTo(0, 0)");
  }

  /** Runs {@code during} while four callers invoke {@code upper} over and over. */
  private static void runInvocations(AtomicInteger done, Step during) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try {
      for (int c = 0; c < 4; c++) {
        int caller = c;
        callers.submit(
            () -> {
              for (int i = 0; !stop.get() && i < 2_000; i++) {
                byte[] input = ("web " + caller + " " + i).getBytes(StandardCharsets.UTF_8);
                fixture.consumer.invoke("upper", input, InvokeOptions.defaults());
                done.incrementAndGet();
              }
              return null;
            });
      }
      during.run();
    } finally {
      stop.set(true);
      callers.shutdown();
      callers.awaitTermination(60, TimeUnit.SECONDS);
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  /** An element's text, read in one script (elements are replaced at every snapshot). */
  private static String text(String css) {
    return (String)
        browser.driver.executeScript(
            "return document.querySelector(arguments[0]).textContent.trim()", css);
  }

  private static String attribute(String css, String name) {
    return (String)
        browser.driver.executeScript(
            "return document.querySelector(arguments[0]).getAttribute(arguments[1])", css, name);
  }

  private static JsonNode publicMarket() throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(origin() + "/api/v1/public/market")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode());
    return Json.tree(answer.body());
  }
}
