package io.edgemarket.cli.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.ledger.fabric.FabricMarketIdentities;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Records.ProvenReceipt;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.InvokeOptions;
import java.net.URI;
import java.net.URLEncoder;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 15's pages on the real two-organisation Fabric network, in Debian's Chromium: a market of
 * two agents ({@code up --ledger fabric}'s) whose broker reads the ledger through its
 * organisation's peer. The consumer's {@code #/me} lists exactly its invocations, settled; the
 * auditor's explorer finds a settled receipt by its invocation id, checks its Merkle proof in the
 * page and shows the consumer's journal; the overview shows the market's own providers (of {@code
 * ProvidersOrgMSP}) and a rate chart that moves while calls run. Screenshots in {@code
 * target/screenshots/fabric-*.png}.
 */
class FabricWebUiIT {
  /** Fabric commits a block in about a second; the pages poll on top of that. */
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path dir;
  static MarketFixture fixture;
  static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    FabricRequired.network("FabricWebUiIT");
    Browser.assumeInstalled();
    fixture = new MarketFixture(dir.resolve("market"), 2, LedgerKind.FABRIC);
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

  @Test
  void theMeViewExplorerAndOverviewShowTheFabricLedger() throws Exception {
    var driver = browser.driver;
    WebDriverWait wait = new WebDriverWait(driver, WAIT);
    List<InvocationResult> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(fixture.consumer.invoke("upper", bytes("fabric " + i), InvokeOptions.defaults()));
    }
    for (InvocationResult r : calls) {
      fixture.consumer.awaitSettled(r.invocationId(), WAIT);
    }

    // The consumer's own page: its invocations, each settled on Fabric.
    driver.get(fixture.consumer.signInLink().url());
    String consumerId = fixture.identity("consumer").id();
    wait.until(d -> consumerId.equals(text("#me-participant")));
    wait.until(d -> rowIds("#me-invocations").size() == calls.size());
    Set<String> ids = new TreeSet<>();
    calls.forEach(r -> ids.add(r.invocationId()));
    assertEquals(ids, rowIds("#me-invocations"));
    wait.until(d -> settledRows() == calls.size());
    long spent = calls.stream().mapToLong(InvocationResult::cost).sum();
    wait.until(d -> String.valueOf(spent).equals(attribute("#me-spend-chart", "data-total")));
    screenshot("fabric-me-consumer");

    // The auditor's explorer: the receipt found by its invocation id, its proof checked in the page
    // against the root Fabric recorded for its batch.
    String id = calls.get(1).invocationId();
    ProvenReceipt settled = fixture.consumer.receipt(id);
    signIn("auditor");
    driver.get(origin() + "/#/explorer");
    wait.until(d -> !d.findElements(By.cssSelector("#explorer-batches tbody tr a")).isEmpty());
    driver.findElement(By.id("explorer-q")).sendKeys(id);
    driver.findElement(By.cssSelector("form.search button")).click();
    wait.until(
        d ->
            !d.findElements(By.cssSelector("#explorer-matches li[data-kind=receipt] a")).isEmpty());
    driver.findElement(By.cssSelector("#explorer-matches li[data-kind=receipt] a")).click();
    wait.until(
        d -> "verified".equals(text("#proof-status")) || "failed".equals(text("#proof-status")));
    assertEquals("verified", text("#proof-status"));
    assertEquals(
        settled.proof().steps().size() + 3,
        driver.findElements(By.cssSelector("#proof-steps li")).size(),
        "leaf, leaf node, levels, root");
    assertEquals(0, driver.findElements(By.cssSelector("#proof-steps li[data-ok=false]")).size());
    assertEquals(4, driver.findElements(By.cssSelector("#receipt-checks .tag.ok")).size());
    screenshot("fabric-explorer-receipt");
    driver.findElement(By.cssSelector("#explorer-receipt a[href^='#/explorer/batch/']")).click();
    wait.until(d -> !d.findElements(By.cssSelector("#batch-receipts tbody tr a")).isEmpty());
    assertTrue(text("#explorer-batch").contains(settled.merkleRoot()), text("#explorer-batch"));
    driver.get(origin() + "/#/explorer/account/" + enc(consumerId));
    wait.until(d -> !d.findElements(By.cssSelector("#journal tbody tr td.num")).isEmpty());
    screenshot("fabric-explorer-journal");

    // The overview: the market's own providers, and its rate chart moving while calls run.
    driver.get(origin() + "/#/");
    wait.until(d -> d.findElements(By.cssSelector("#providers tbody tr td.regions")).size() == 2);
    assertEquals("fabric", text("#summary [data-key=ledger] dd"));
    Set<String> providers = new TreeSet<>();
    publicMarket().get("providers").forEach(p -> providers.add(p.get("providerId").asText()));
    Set<String> expected = new TreeSet<>();
    for (String name : List.of("provider-1", "provider-2")) {
      expected.add(fixture.identity(name).id());
    }
    assertEquals(expected, providers);
    providers.forEach(p -> assertTrue(p.endsWith("@" + FabricMarketIdentities.PROVIDERS_MSP), p));
    @SuppressWarnings("unchecked")
    List<String> shown =
        (List<String>)
            driver.executeScript(
                "return [...document.querySelectorAll('#providers tbody tr td.id')]"
                    + ".map(td => td.title)");
    assertEquals(expected, new TreeSet<>(shown));
    AtomicInteger done = new AtomicInteger();
    whileCalling(done, () -> browser.awaitRateMoving(WAIT, () -> done.get() > 10));
    screenshot("fabric-overview");
  }

  /** Runs {@code during} while two callers invoke {@code upper} over and over. */
  private static void whileCalling(AtomicInteger done, Step during) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try {
      for (int c = 0; c < 2; c++) {
        int caller = c;
        callers.submit(
            () -> {
              for (int i = 0; !stop.get() && i < 1_000; i++) {
                fixture.consumer.invoke(
                    "upper", bytes("rate " + caller + " " + i), InvokeOptions.defaults());
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

  /** Opens a one-time sign-in link for the identity: the browser's session is then that one. */
  private static void signIn(String identity) throws Exception {
    try (EdgeMarket as = fixture.identityClient(identity)) {
      browser.driver.get(as.signInLink().url());
    }
    new WebDriverWait(browser.driver, WAIT)
        .until(d -> d.manage().getCookieNamed("em_session") != null);
  }

  private static long settledRows() {
    return ((Number)
            browser.driver.executeScript(
                "return [...document.querySelectorAll('#me-invocations tbody tr[data-id]')]"
                    + ".filter(r => r.cells[6].textContent === 'SETTLED').length"))
        .longValue();
  }

  @SuppressWarnings("unchecked")
  private static Set<String> rowIds(String table) {
    return new TreeSet<>(
        (List<String>)
            browser.driver.executeScript(
                "return [...document.querySelectorAll(arguments[0] + ' tbody tr[data-id]')]"
                    + ".map(r => r.dataset.id)",
                table));
  }

  private static void screenshot(String name) throws Exception {
    var driver = browser.driver;
    Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
    driver.manage().window().setSize(new Dimension(1280, Math.min(6000, height.intValue() + 100)));
    browser.screenshot(name);
    driver.manage().window().setSize(new Dimension(1280, 1600));
  }

  private static JsonNode publicMarket() throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(origin() + "/api/v1/public/market")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    return Json.tree(answer.body());
  }

  private static String origin() {
    String url = fixture.market.brokerUrl().toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String text(String css) {
    return (String)
        browser.driver.executeScript(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : ''",
            css);
  }

  private static String attribute(String css, String name) {
    return (String)
        browser.driver.executeScript(
            "const e = document.querySelector(arguments[0]);"
                + " return e ? e.getAttribute(arguments[1]) : null",
            css,
            name);
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
