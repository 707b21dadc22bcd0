package io.edgemarket.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PricingTest {
  @Test
  void meteredPartRoundsUp() {
    assertEquals(10, Pricing.amount(10, 5, 0));
    assertEquals(11, Pricing.amount(10, 5, 1));
    assertEquals(15, Pricing.amount(10, 5, 1_000_000));
    assertEquals(16, Pricing.amount(10, 5, 1_000_001));
  }

  @Test
  void overflowAndNegativesAreErrorsNotWrappedNumbers() {
    assertThrows(ArithmeticException.class, () -> Pricing.amount(0, Long.MAX_VALUE, 2));
    assertThrows(ArithmeticException.class, () -> Pricing.amount(Long.MAX_VALUE, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> Pricing.amount(-1, 0, 0));
  }

  @Test
  void feeRoundsDownAndSharesAddUp() {
    for (long amount : new long[] {0, 1, 19, 20, 21, 999_999}) {
      long fee = Pricing.brokerFee(amount, 500);
      assertEquals(amount * 500 / 10_000, fee);
      assertEquals(amount, fee + (amount - fee));
    }
    assertThrows(IllegalArgumentException.class, () -> Pricing.brokerFee(10, 10_001));
  }
}
