package io.edgemarket.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import org.junit.jupiter.api.Test;

class SamplingTest {
  private static final CertificateAuthority CA = CertificateAuthority.create("EdgeMarketMSP");
  private static final Identity CONSUMER = CA.enroll("consumer", Role.CONSUMER);

  private static InvocationTicket ticket(int i) {
    return InvocationTicket.issue(
        CONSUMER, "inv-" + i, "broker@EdgeMarketMSP", "c/f", "ab".repeat(32), new byte[0], 1, 0, 1);
  }

  @Test
  void theShareSampledIsCloseToTheFractionAndTheSameForEveryone() {
    int sampled = 0;
    int n = 2000;
    for (int i = 0; i < n; i++) {
      InvocationTicket ticket = ticket(i);
      boolean once = Sampling.sampled(ticket, 100_000);
      assertEquals(once, Sampling.sampled(ticket, 100_000), "deterministic");
      assertTrue(Sampling.sampled(ticket, Sampling.PPM));
      assertFalse(Sampling.sampled(ticket, 0));
      sampled += once ? 1 : 0;
    }
    // 10 % of 2000 is 200; a binomial's standard deviation is ~13.4, so 150..250 is > 3.5 sigma.
    assertTrue(sampled > 150 && sampled < 250, "sampled " + sampled + " of " + n);
  }

  @Test
  void fractionsParseExactlyOrNotAtAll() {
    assertEquals(100_000, Sampling.ppmOf("0.1"));
    assertEquals(1_000_000, Sampling.ppmOf("1.0"));
    assertEquals(0, Sampling.ppmOf("0"));
    assertEquals(1, Sampling.ppmOf("0.000001"));
    assertThrows(IllegalArgumentException.class, () -> Sampling.ppmOf("1.5"));
    assertThrows(IllegalArgumentException.class, () -> Sampling.ppmOf("-0.1"));
    assertThrows(IllegalArgumentException.class, () -> Sampling.ppmOf("0.0000001"));
    assertThrows(IllegalArgumentException.class, () -> Sampling.ppmOf("a tenth"));
  }
}
