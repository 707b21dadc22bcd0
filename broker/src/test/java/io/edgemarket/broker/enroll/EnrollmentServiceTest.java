package io.edgemarket.broker.enroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgemarket.broker.enroll.EnrollmentMessages.EnrollRequest;
import io.edgemarket.broker.enroll.EnrollmentMessages.IssuedToken;
import io.edgemarket.broker.enroll.EnrollmentMessages.TokenRequest;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expiry, durability and the failure limit, on a clock the test moves. */
class EnrollmentServiceTest {
  private static final String ADDRESS = "192.0.2.7";

  @TempDir Path dir;
  private final CertificateAuthority ca = CertificateAuthority.create("EdgeMarketMSP");
  private final MovableClock clock = new MovableClock();

  private EnrollmentService open() throws Exception {
    return new EnrollmentService(dir.resolve("enrollment.log"), ca, id -> false, clock);
  }

  private static EnrollRequest request(IssuedToken token, String name) {
    return new EnrollRequest(token.token(), name, Pem.encode(Crypto.newKeyPair().getPublic()));
  }

  @Test
  void anExpiredTokenIsRefusedLikeAnUnknownOne() throws Exception {
    try (EnrollmentService service = open()) {
      IssuedToken token = service.issue(new TokenRequest("provider", null, 60L));
      clock.advance(60_000);
      EnrollmentException e =
          assertThrows(
              EnrollmentException.class, () -> service.enroll(request(token, "p"), ADDRESS));
      assertEquals(401, e.status());
      assertEquals("the enrollment token is not valid", e.getMessage());
    }
  }

  @Test
  void usedTokensAndTakenNamesSurviveARestart() throws Exception {
    IssuedToken used;
    IssuedToken fresh;
    try (EnrollmentService service = open()) {
      used = service.issue(new TokenRequest("provider", null, null));
      fresh = service.issue(new TokenRequest("provider", null, null));
      assertEquals("provider@EdgeMarketMSP", service.enroll(request(used, null), ADDRESS).id());
    }
    String log = Files.readString(dir.resolve("enrollment.log"));
    assertEquals(-1, log.indexOf(used.token()), "tokens are stored only as hashes");
    try (EnrollmentService service = open()) {
      assertEquals(
          401,
          assertThrows(EnrollmentException.class, () -> service.enroll(request(used, "q"), ADDRESS))
              .status());
      assertEquals(
          409,
          assertThrows(
                  EnrollmentException.class, () -> service.enroll(request(fresh, null), ADDRESS))
              .status());
      assertEquals("q@EdgeMarketMSP", service.enroll(request(fresh, "q"), ADDRESS).id());
    }
  }

  @Test
  void repeatedFailuresFromOneAddressAreRateLimited() throws Exception {
    try (EnrollmentService service = open()) {
      IssuedToken token = service.issue(new TokenRequest("consumer", null, null));
      EnrollRequest bogus = new EnrollRequest("guess", "x", null);
      for (int i = 0; i < FailureLimiter.MAX_FAILURES; i++) {
        assertEquals(
            401,
            assertThrows(EnrollmentException.class, () -> service.enroll(bogus, ADDRESS)).status());
      }
      EnrollmentException limited =
          assertThrows(
              EnrollmentException.class, () -> service.enroll(request(token, "c"), ADDRESS));
      assertEquals(429, limited.status());
      assertEquals("c@EdgeMarketMSP", service.enroll(request(token, "c"), "192.0.2.8").id());
      clock.advance(FailureLimiter.WINDOW_MILLIS + 1);
      assertEquals(
          401,
          assertThrows(EnrollmentException.class, () -> service.enroll(bogus, ADDRESS)).status());
    }
  }

  /** A clock that moves only when told. */
  private static final class MovableClock extends Clock {
    private long millis = 1_700_000_000_000L;

    void advance(long by) {
      millis += by;
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
