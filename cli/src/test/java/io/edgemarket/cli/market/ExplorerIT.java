package io.edgemarket.cli.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.Records.ProvenReceipt;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.sdk.AuditReport;
import io.edgemarket.sdk.Auditor;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.InvokeOptions;
import io.edgemarket.testing.Await;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 15, the ledger explorer in a real browser (Debian's Chromium) against a market of {@code
 * up}'s making, signed in as its auditor: search by an invocation id finds its receipt, whose
 * Merkle proof the page checks itself (WebCrypto) and finds verified; the batch, the consumer's
 * journal and the published audit report show; a consumer is refused (the page says so, the API
 * answers 403). Then the market is stopped, the receipt's record is altered in the embedded
 * ledger's state store (RocksDB: the store's values are not re-read at open, only the log's blocks
 * after the store's last one), the market started again, and the same page marks the proof failed.
 * Screenshots in {@code target/screenshots/explorer-*.png}.
 */
class ExplorerIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path dir;
  static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    Browser.assumeInstalled();
    browser = Browser.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void anAuditorFindsAReceiptSeesItVerifiedAndATamperedRecordFails() throws Exception {
    Path data = dir.resolve("market");
    String id;
    try (MarketFixture fixture = new MarketFixture(data, 1)) {
      byte[] upper = Files.readAllBytes(Path.of("../samples/wasm/upper.wasm"));
      fixture.consumer.deploy("upper", upper, DeployOptions.defaults());
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        InvocationResult result =
            fixture.consumer.invoke(
                "upper",
                ("explorer " + i).getBytes(StandardCharsets.UTF_8),
                InvokeOptions.defaults());
        ids.add(result.invocationId());
      }
      id = ids.get(2);
      ProvenReceipt settled = settled(fixture, id);
      var driver = browser.driver;
      WebDriverWait wait = new WebDriverWait(driver, WAIT);
      signIn(fixture, "auditor");

      driver.get(origin(fixture) + "/#/explorer");
      wait.until(d -> !d.findElements(By.cssSelector("#explorer-batches tbody tr a")).isEmpty());
      screenshot("explorer-home");

      // Search by the invocation id: the receipt is found; its page checks the proof itself.
      driver.findElement(By.id("explorer-q")).sendKeys(id);
      driver.findElement(By.cssSelector("form.search button")).click();
      wait.until(
          d ->
              !d.findElements(By.cssSelector("#explorer-matches li[data-kind=receipt] a"))
                  .isEmpty());
      screenshot("explorer-search");
      driver.findElement(By.cssSelector("#explorer-matches li[data-kind=receipt] a")).click();
      wait.until(d -> checked());
      assertEquals("verified", text("#proof-status"));
      int steps = driver.findElements(By.cssSelector("#proof-steps li")).size();
      assertEquals(settled.proof().steps().size() + 3, steps, "leaf, leaf node, levels, root");
      assertEquals(0, driver.findElements(By.cssSelector("#proof-steps li[data-ok=false]")).size());
      assertEquals(
          4, driver.findElements(By.cssSelector("#receipt-checks .tag.ok")).size(), "checks");
      screenshot("explorer-receipt");
      phoneFits("explorer-receipt-phone");

      driver.findElement(By.cssSelector("#explorer-receipt a[href^='#/explorer/batch/']")).click();
      wait.until(d -> !d.findElements(By.cssSelector("#batch-receipts tbody tr a")).isEmpty());
      assertTrue(text("#explorer-batch").contains(settled.merkleRoot()));
      screenshot("explorer-batch");

      String consumerId = fixture.identity("consumer").id();
      driver.get(origin(fixture) + "/#/explorer/account/" + enc(consumerId));
      wait.until(d -> !d.findElements(By.cssSelector("#journal tbody tr td.num")).isEmpty());
      screenshot("explorer-journal");

      // The auditor's own audit, published: the explorer's panel shows it.
      try (Auditor auditor =
              Auditor.builder()
                  .broker(fixture.market.brokerUrl())
                  .identity(fixture.identity("auditor"))
                  .trustRoot(fixture.market.dir().trustRoot())
                  .build();
          EdgeMarket client = fixture.identityClient("auditor")) {
        AuditReport report = auditor.audit(line -> {});
        assertTrue(report.ok(), report.discrepancies().toString());
        client.publishAuditReport(report);
      }
      driver.get(origin(fixture) + "/#/");
      driver.get(origin(fixture) + "/#/explorer");
      wait.until(d -> !d.findElements(By.id("explorer-report-status")).isEmpty());
      assertEquals("No discrepancy found", text("#explorer-report-status"));
      screenshot("explorer-report");

      // A consumer's session: the page says it is refused, and so does the API.
      signIn(fixture, "consumer");
      driver.get(origin(fixture) + "/#/");
      driver.get(origin(fixture) + "/#/explorer");
      wait.until(d -> !d.findElements(By.id("explorer-refused")).isEmpty());
      assertTrue(text("#explorer-refused").startsWith("Refused"), text("#explorer-refused"));
      assertTrue(text("#explorer-refused").contains(consumerId), text("#explorer-refused"));
      Cookie cookie = driver.manage().getCookieNamed("em_session");
      HttpResponse<String> api =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(origin(fixture) + "/api/v1/explorer/batches"))
                      .header("Cookie", "em_session=" + cookie.getValue())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(403, api.statusCode(), api.body());
      screenshot("explorer-refused");
    }

    tamper(data.resolve("broker").resolve("ledger").resolve("state"), id);

    try (MarketFixture fixture = new MarketFixture(data, 1)) {
      var driver = browser.driver;
      signIn(fixture, "auditor");
      driver.get(origin(fixture) + "/#/explorer/receipt/" + enc(id));
      new WebDriverWait(driver, WAIT).until(d -> checked());
      assertEquals("failed", text("#proof-status"));
      assertEquals(
          "false",
          driver
              .findElement(By.cssSelector("#proof-steps li:first-child"))
              .getAttribute("data-ok"));
      assertEquals(
          "failed", text("#receipt-checks tbody tr:first-child .tag"), "provider signature");
      screenshot("explorer-receipt-tampered");
    }
  }

  /** Raises the settled receipt's amount by one in the state store of the stopped ledger. */
  private static void tamper(Path state, String invocationId) throws Exception {
    org.rocksdb.RocksDB.loadLibrary();
    byte[] key =
        ("s\u0000RECEIPT\u0000" + invocationId + "\u0000").getBytes(StandardCharsets.UTF_8);
    try (org.rocksdb.Options options = new org.rocksdb.Options();
        org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(options, state.toString());
        org.rocksdb.FlushOptions flush = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
      byte[] stored = db.get(key);
      assertTrue(stored != null, "no receipt record under the key");
      int header = Long.BYTES + Integer.BYTES; // the value's version (block, tx), then the JSON
      ObjectNode record =
          (ObjectNode)
              Json.tree(new String(stored, header, stored.length - header, StandardCharsets.UTF_8));
      ObjectNode receipt = (ObjectNode) record.get("receipt");
      receipt.put("amount", receipt.get("amount").asLong() + 1);
      byte[] json = Json.bytes(record);
      byte[] altered = new byte[header + json.length];
      System.arraycopy(stored, 0, altered, 0, header);
      System.arraycopy(json, 0, altered, header, json.length);
      db.put(key, altered);
      db.flush(flush);
    }
  }

  private static ProvenReceipt settled(MarketFixture fixture, String id) {
    return Await.until(
        "receipt " + id + " settled",
        () -> {
          try {
            return Json.read(
                fixture.auditor.evaluate(Transactions.GET_RECEIPT, id), ProvenReceipt.class);
          } catch (LedgerException e) {
            return null;
          }
        },
        r -> r != null);
  }

  /** Opens a one-time sign-in link for the identity: the browser's session is then that one. */
  private static void signIn(MarketFixture fixture, String identity) throws Exception {
    try (EdgeMarket as = fixture.identityClient(identity)) {
      browser.driver.get(as.signInLink().url());
    }
    new WebDriverWait(browser.driver, WAIT)
        .until(d -> d.manage().getCookieNamed("em_session") != null);
  }

  private static void phoneFits(String name) throws Exception {
    var driver = browser.driver;
    driver.manage().window().setSize(new Dimension(390, 2400));
    Number overflow =
        (Number)
            driver.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertTrue(overflow.intValue() <= 0, "wider than a phone by " + overflow + " px");
    browser.screenshot(name);
    driver.manage().window().setSize(new Dimension(1280, 1600));
  }

  private static void screenshot(String name) throws Exception {
    var driver = browser.driver;
    Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
    driver.manage().window().setSize(new Dimension(1280, Math.min(6000, height.intValue() + 100)));
    browser.screenshot(name);
  }

  /** The page has finished checking the proof (either way). */
  private static boolean checked() {
    String status = text("#proof-status");
    return status.equals("verified") || status.equals("failed");
  }

  private static String text(String css) {
    return (String)
        browser.driver.executeScript(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : ''",
            css);
  }

  private static String origin(MarketFixture fixture) {
    String url = fixture.market.brokerUrl().toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
