package io.edgemarket.cli.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Role;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.SignInLink;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.SignedHeaders;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.EdgeMarket;
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
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 15: each participant's own page ({@code /#/me}) in a real browser (Debian's Chromium)
 * against a market of two agents: a consumer signs in with the SDK's one-time link and sees its
 * functions and its invocations with their receipts and verification, at the figures the ledger
 * holds; a second consumer signed in sees none of them; the provider that ran them sees what it
 * earned once settled. Screenshots go to {@code target/screenshots/me-*.png}.
 */
class MeViewIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path dir;
  static MarketFixture fixture;
  static EdgeMarket bob;
  static Browser browser;
  static final List<InvocationResult> alices = new ArrayList<>();
  static final List<InvocationResult> bobs = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Browser.assumeInstalled();
    fixture = new MarketFixture(dir.resolve("market"), 2);
    byte[] upper = Files.readAllBytes(Path.of("../samples/wasm/upper.wasm"));
    fixture.consumer.deploy("upper", upper, DeployOptions.defaults());
    fixture.consumer.deploy(
        "echo", Files.readAllBytes(Path.of("../samples/wasm/echo.wasm")), DeployOptions.defaults());
    var ca = fixture.market.dir().authority();
    Identity bobId = fixture.market.dir().ensureIdentity(ca, "bob", Role.CONSUMER);
    try (LedgerGateway self = fixture.gateway("bob");
        LedgerGateway admin = fixture.gateway("admin")) {
      self.submit(Transactions.REGISTER_PARTICIPANT);
      admin.submit(Transactions.CREDIT_ESCROW, bobId.id(), "100000", "bob's escrow");
    }
    bob = EdgeMarket.builder().broker(fixture.market.brokerUrl()).identity(bobId).build();
    bob.deploy("upper", upper, DeployOptions.defaults());
    for (int i = 0; i < 5; i++) {
      alices.add(fixture.consumer.invoke("upper", bytes("alice " + i), InvokeOptions.defaults()));
    }
    alices.add(fixture.consumer.invoke("echo", bytes("alice echo"), InvokeOptions.defaults()));
    for (int i = 0; i < 2; i++) {
      bobs.add(bob.invoke("upper", bytes("bob " + i), InvokeOptions.defaults()));
    }
    for (InvocationResult r : alices) {
      fixture.consumer.awaitSettled(r.invocationId(), Duration.ofSeconds(60));
    }
    for (InvocationResult r : bobs) {
      bob.awaitSettled(r.invocationId(), Duration.ofSeconds(60));
    }
    browser = Browser.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (bob != null) {
      bob.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void eachParticipantSeesItsOwnFiguresAndNoOneElses() throws Exception {
    var driver = browser.driver;
    WebDriverWait wait = new WebDriverWait(driver, WAIT);

    // Signed out: the page says how to sign in.
    driver.get(origin() + "/#/me");
    wait.until(d -> !d.findElements(By.cssSelector("[data-state=signed-out]")).isEmpty());
    assertTrue(text("#me-view").contains("./edgemarket open"), text("#me-view"));

    // Alice signs in with the SDK's link and sees her functions and invocations, all settled.
    driver.get(fixture.consumer.signInLink().url());
    wait.until(d -> rowIds("#me-invocations").size() == alices.size());
    assertEquals(ids(alices), rowIds("#me-invocations"));
    assertEquals(fixture.consumer.identity().id(), text("#me-participant"));
    String alice = fixture.consumer.identity().id();
    assertEquals(Set.of(alice + "/echo", alice + "/upper"), rowIds("#me-functions"));
    long spent = alices.stream().mapToLong(InvocationResult::cost).sum();
    wait.until(d -> String.valueOf(spent).equals(attribute("#me-spend-chart", "data-total")));
    assertEquals(
        String.format(Locale.ROOT, "%,d", spent),
        text("#me-spend-cards [data-key=settled-amount] dd"));
    @SuppressWarnings("unchecked")
    List<List<String>> rows =
        (List<List<String>>)
            driver.executeScript(
                "return [...document.querySelectorAll('#me-invocations tbody tr')].map(r =>"
                    + " [r.dataset.id, r.cells[5].title, r.cells[6].textContent,"
                    + " r.cells[7].textContent, r.cells[3].textContent])");
    for (List<String> row : rows) {
      InvocationResult r = byId(alices, row.get(0));
      assertEquals(r.invocationId(), row.get(1), "the receipt's run id");
      assertEquals("SETTLED", row.get(2));
      assertEquals("receipt: not-sampled", row.get(3));
      assertEquals(String.format(Locale.ROOT, "%,d", r.cost()), row.get(4));
    }
    assertEquals(List.of(), consoleProblems(), "console");
    fullPage(1280);
    browser.screenshot("me-consumer");
    fullPage(390);
    Number overflow =
        (Number)
            driver.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertTrue(overflow.intValue() <= 0, "wider than a phone by " + overflow + " px");
    browser.screenshot("me-consumer-phone");
    driver.manage().window().setSize(new Dimension(1280, 1600));

    // Bob signs in in the same browser: only his own; Alice's invocations are nowhere, and his
    // cookie opens no other consumer's invocation on the broker either.
    driver.get(bob.signInLink().url());
    wait.until(d -> bob.identity().id().equals(text("#me-participant")));
    wait.until(d -> rowIds("#me-invocations").size() == bobs.size());
    assertEquals(ids(bobs), rowIds("#me-invocations"));
    String page = driver.getPageSource();
    for (InvocationResult r : alices) {
      assertFalse(page.contains(r.invocationId()), "Alice's invocation on Bob's page");
    }
    assertFalse(page.contains(alice), "Alice on Bob's page");
    Object status =
        driver.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "fetch('/api/v1/invocations/' + arguments[0]).then(r => done(r.status));",
            alices.get(0).invocationId());
    assertEquals(401L, ((Number) status).longValue(), "a cookie is no signature");

    // The provider that ran Alice's first call sees what it earned, as the ledger paid it.
    String providerId = alices.get(0).providerId();
    long earned = 0;
    for (InvocationResult r : alices) {
      if (providerId.equals(r.providerId())) {
        earned += fixture.consumer.receipt(r.invocationId()).providerShare();
      }
    }
    for (InvocationResult r : bobs) {
      if (providerId.equals(r.providerId())) {
        earned += bob.receipt(r.invocationId()).providerShare();
      }
    }
    Identity provider = fixture.identity(providerId.substring(0, providerId.indexOf('@')));
    driver.get(signInLink(provider));
    wait.until(d -> "provider".equals(attribute("[data-state=signed-in]", "data-role")));
    String total = String.valueOf(earned);
    wait.until(d -> total.equals(attribute("#me-earnings-chart", "data-total")));
    assertTrue(earned > 0);
    assertEquals(
        String.format(Locale.ROOT, "%,d", earned),
        text("#me-earnings-cards [data-key=settled-amount] dd"));
    assertEquals("0", text("#me-refusal-counts [data-key=faults] dd"));
    assertTrue(driver.findElements(By.cssSelector("#me-invocations")).isEmpty());
    assertEquals(List.of(), consoleProblems(), "console");
    fullPage(1280);
    browser.screenshot("me-provider");
  }

  /**
   * A sign-in link for a participant of any role, asked for with a signed request as {@code
   * ./edgemarket open} does (the SDK's client is for consumers).
   */
  private static String signInLink(Identity who) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(origin() + "/api/v1/sessions"))
            .POST(HttpRequest.BodyPublishers.noBody());
    SignedHeaders.sign(who, "POST", "/api/v1/sessions", new byte[0], System.currentTimeMillis())
        .forEach(request::header);
    HttpResponse<String> answer =
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, answer.statusCode(), answer.body());
    return Json.read(answer.body(), SignInLink.class).url();
  }

  private static Set<String> ids(List<InvocationResult> results) {
    Set<String> ids = new TreeSet<>();
    results.forEach(r -> ids.add(r.invocationId()));
    return ids;
  }

  private static InvocationResult byId(List<InvocationResult> results, String id) {
    return results.stream().filter(r -> r.invocationId().equals(id)).findFirst().orElseThrow();
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

  private static List<String> consoleProblems() {
    List<String> problems = new ArrayList<>();
    for (LogEntry entry : browser.driver.manage().logs().get(LogType.BROWSER)) {
      String message = entry.getMessage();
      if (message.contains("Content Security Policy") || message.contains("Uncaught")) {
        problems.add(message);
      }
    }
    return problems;
  }

  private static void fullPage(int width) throws InterruptedException {
    var driver = browser.driver;
    driver.manage().window().setSize(new Dimension(width, 900));
    Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
    driver.manage().window().setSize(new Dimension(width, Math.min(6000, height.intValue() + 100)));
    driver.executeScript("window.scrollTo(0, 0)");
    browser.drawn(); // the charts redrawn at the new width
  }

  private static String origin() {
    String url = fixture.market.brokerUrl().toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String text(String css) {
    return (String)
        browser.driver.executeScript(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null",
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

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
