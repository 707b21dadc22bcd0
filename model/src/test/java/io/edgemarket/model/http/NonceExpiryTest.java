package io.edgemarket.model.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 (c): nonces expire from the oldest, so a request costs the same with 200,000 remembered
 * as with none (the old verifier scanned them all on every request past 100,000).
 */
class NonceExpiryTest {
  private static final long T0 = 1_800_000_000_000L;
  private static final long KEEP = Duration.ofMinutes(10).toMillis();
  private static final int MANY = 200_000;

  @Test
  void withTwoHundredThousandRememberedReplaysAreRefusedAndEachRequestLooksAtOne() {
    RequestVerifier.Nonces nonces = new RequestVerifier.Nonces(KEEP);
    for (int i = 0; i < MANY; i++) {
      assertTrue(nonces.firstUse("n" + i, T0 + i / 1000));
    }
    assertEquals(MANY, nonces.size());
    long before = nonces.examined();
    for (int i = 0; i < 1000; i++) {
      assertTrue(nonces.firstUse("fresh" + i, T0 + 1000));
      assertFalse(nonces.firstUse("n" + (i * 199), T0 + 1000), "a replay is refused");
    }
    // Each of those 2,000 requests looked at the oldest nonce only (still within the window).
    assertEquals(2000, nonces.examined() - before);
  }

  @Test
  void expiredNoncesAreDroppedOnceEach() {
    RequestVerifier.Nonces nonces = new RequestVerifier.Nonces(KEEP);
    for (int i = 0; i < MANY; i++) {
      nonces.firstUse("n" + i, T0 + i / 1000);
    }
    // The first half is older than the window now: the next request drops exactly those.
    long now = T0 + KEEP + 100;
    long before = nonces.examined();
    assertTrue(nonces.firstUse("later", now));
    assertEquals(MANY / 2 + 1, nonces.size(), "the expired half is gone, the rest kept");
    assertEquals(MANY / 2 + 1, nonces.examined() - before, "each expired one looked at once");
    assertFalse(nonces.firstUse("n" + (MANY - 1), now), "one still in the window is refused");
    // Past the window, a nonce is forgotten: the verifier's timestamp check refuses its request.
    assertTrue(nonces.firstUse("n0", now));
  }

  @Test
  void theVerifierForgetsOnlyWhatItsTimestampWindowRefusesAnyway() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("EdgeMarketMSP");
    Identity caller = ca.enroll("consumer", Role.CONSUMER);
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    MutableClock clock = new MutableClock(T0);
    RequestVerifier verifier =
        new RequestVerifier(ca.certificate(), "EdgeMarketMSP", clock, Duration.ofMinutes(5));
    Map<String, String> first = SignedHeaders.sign(caller, "POST", "/x", body, T0);
    verifier.verify("POST", "/x", body, first::get);
    clock.now = T0 + Duration.ofMinutes(5).toMillis();
    // Still inside the timestamp window: the replay is refused by its nonce.
    assertThrows(
        AuthenticationException.class, () -> verifier.verify("POST", "/x", body, first::get));
    clock.now = T0 + KEEP + 1;
    Map<String, String> later = SignedHeaders.sign(caller, "POST", "/x", body, clock.now);
    verifier.verify("POST", "/x", body, later::get);
    assertEquals(1, verifier.nonces().size(), "the first nonce expired");
    AuthenticationException stale =
        assertThrows(
            AuthenticationException.class, () -> verifier.verify("POST", "/x", body, first::get));
    assertTrue(stale.getMessage().contains("clock skew"), stale.getMessage());
  }

  private static final class MutableClock extends Clock {
    long now;

    MutableClock(long now) {
      this.now = now;
    }

    @Override
    public long millis() {
      return now;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(now);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
