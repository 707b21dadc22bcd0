package io.edgemarket.model;

import io.edgemarket.model.crypto.Crypto;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Which invocations are checked beyond their receipt. The choice is a pure function of the
 * consumer's ticket signature, which nobody but the consumer controls and nobody can predict before
 * the ticket is signed: a provider cannot tell a sampled call from another before it runs it, a
 * broker cannot check more (to earn more) or fewer (to hide a provider) than the function's owner
 * asked for, and the ledger and any auditor recompute the same answer.
 */
public final class Sampling {
  /** Fractions are integer parts per million: 100000 = 0.1, 1000000 = every invocation. */
  public static final long PPM = 1_000_000L;

  /** The sample a function gets unless its owner says otherwise: 0.1. */
  public static final long DEFAULT_PPM = 100_000L;

  private Sampling() {}

  /** Whether {@code ticket} is in a sample of {@code samplePpm} parts per million. */
  public static boolean sampled(InvocationTicket ticket, long samplePpm) {
    if (samplePpm <= 0) {
      return false;
    }
    if (samplePpm >= PPM) {
      return true;
    }
    byte[] digest =
        Crypto.sha256(
            ("edgemarket/sample/v1\n" + ticket.signature()).getBytes(StandardCharsets.UTF_8));
    long draw = Long.remainderUnsigned(ByteBuffer.wrap(digest).getLong(), PPM);
    return draw < samplePpm;
  }

  /** Parses a fraction such as {@code 0.1} or {@code 1.0} into parts per million, exactly. */
  public static long ppmOf(String fraction) {
    java.math.BigDecimal value;
    try {
      value = new java.math.BigDecimal(fraction.trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalArgumentException("a sample is a fraction from 0 to 1, not " + fraction);
    }
    if (value.signum() < 0 || value.compareTo(java.math.BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException("a sample is a fraction from 0 to 1, not " + fraction);
    }
    java.math.BigDecimal ppm = value.multiply(java.math.BigDecimal.valueOf(PPM));
    if (ppm.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException(
          "a sample has at most six decimal places (parts per million): " + fraction);
    }
    return ppm.longValueExact();
  }
}
