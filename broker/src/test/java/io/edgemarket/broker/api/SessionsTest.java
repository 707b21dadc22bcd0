package io.edgemarket.broker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.api.SessionView;
import io.edgemarket.model.api.SignInLink;
import io.edgemarket.model.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing a browser in without a password, on a real broker: a signed request gets a one-time link,
 * the link a cookie that is HttpOnly and SameSite=Strict, the cookie authenticates as its
 * participant and no one else; a used, forged or signed-out credential is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionsTest {
  @TempDir static Path dir;
  private TestMarket market;
  private final HttpClient browser =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  void start() throws Exception {
    market = new TestMarket(dir, 0, Duration.ofMillis(50));
  }

  @AfterAll
  void stop() {
    market.close();
  }

  private SignInLink link() {
    SignedClient.Response response =
        market.client(market.consumer).post(Routes.API + "/sessions", new byte[0]);
    assertEquals(201, response.status(), response.text());
    assertEquals("no-store", response.header("Cache-Control"));
    return response.as(SignInLink.class);
  }

  private HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(market.broker().url() + path));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String cookieOf(HttpResponse<?> signIn) {
    String header = signIn.headers().firstValue("Set-Cookie").orElseThrow();
    return header.substring(0, header.indexOf(';'));
  }

  @Test
  void aLinkSignsInOnceAndTheCookieIsTheParticipant() throws Exception {
    SignInLink link = link();
    assertTrue(link.url().startsWith(market.broker().url() + "/signin?token="), link.url());

    HttpResponse<String> signIn = get(link.path(), null);
    assertEquals(303, signIn.statusCode(), signIn.body());
    assertEquals("/#/me", signIn.headers().firstValue("Location").orElseThrow());
    String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(setCookie.startsWith(SessionHandlers.COOKIE + "="), setCookie);
    assertTrue(setCookie.contains("HttpOnly"), setCookie);
    assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
    String cookie = cookieOf(signIn);

    HttpResponse<String> me = get(Routes.API + "/session", cookie);
    assertEquals(200, me.statusCode(), me.body());
    SessionView view = Json.read(me.body(), SessionView.class);
    assertEquals(market.consumer.id(), view.participantId());
    assertEquals("consumer", view.role());
    assertTrue(view.expiresAt() > System.currentTimeMillis());

    // The link is spent: a second browser (or someone who saw it in a log) gets nothing.
    HttpResponse<String> again = get(link.path(), null);
    assertEquals(401, again.statusCode());
    assertFalse(again.headers().firstValue("Set-Cookie").isPresent());
  }

  @Test
  void aForgedOrSignedOutCookieIsRefused() throws Exception {
    assertEquals(401, get(Routes.API + "/session", "em_session=forged").statusCode());
    assertEquals(401, get(Routes.API + "/session", null).statusCode());

    String cookie = cookieOf(get(link().path(), null));
    assertEquals(200, get(Routes.API + "/session", cookie).statusCode());
    HttpResponse<String> out =
        browser.send(
            HttpRequest.newBuilder(URI.create(market.broker().url() + Routes.API + "/session"))
                .header("Cookie", cookie)
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(204, out.statusCode(), out.body());
    assertTrue(out.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
    assertEquals(401, get(Routes.API + "/session", cookie).statusCode());
  }

  @Test
  void aCookieDoesNotOpenSignedOnlyRoutes() throws Exception {
    String cookie = cookieOf(get(link().path(), null));
    // GET /api/v1/offers takes SignedHeaders only: a page's cookie is no signature.
    assertEquals(401, get(Routes.API + "/offers", cookie).statusCode());
  }

  @Test
  void aSignInLinkExpires() {
    long[] now = {1_000_000};
    Sessions sessions = new Sessions(() -> now[0]);
    String token =
        sessions.link(
            new io.edgemarket.model.http.AuthenticatedCaller(
                market.consumer.id(),
                io.edgemarket.model.Role.CONSUMER,
                market.consumer.certificate()));
    now[0] += Sessions.LINK_TTL_MILLIS;
    assertEquals(null, sessions.signIn(token));
  }
}
