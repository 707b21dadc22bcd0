package io.edgemarket.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class WithdrawalStatementTest {
  static final String TO = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
  static final String ESCROW = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

  static WithdrawalStatement statement(String account, String to, long amount, long nonce) {
    return new WithdrawalStatement(
        account, to, BigInteger.valueOf(amount), BigInteger.valueOf(nonce), 31337, ESCROW);
  }

  @Test
  void keepsAddressesInLowerCaseSoTheSameStatementIsEqual() {
    WithdrawalStatement mixed = statement("alice@ConsumersMSP", TO, 5, 1);
    WithdrawalStatement lower = statement("alice@ConsumersMSP", TO.toLowerCase(), 5, 1);
    assertEquals(TO.toLowerCase(), mixed.to());
    assertEquals(ESCROW.toLowerCase(), mixed.escrow());
    assertEquals(lower, mixed);
    assertArrayEquals(lower.digest(), mixed.digest());
  }

  @Test
  void everyFieldChangesTheDigest() {
    byte[] digest = statement("alice@ConsumersMSP", TO, 5, 1).digest();
    assertEquals(32, digest.length);
    for (Supplier<WithdrawalStatement> other :
        java.util.List.<Supplier<WithdrawalStatement>>of(
            () -> statement("bob@ConsumersMSP", TO, 5, 1),
            () -> statement("alice@ConsumersMSP", ESCROW, 5, 1),
            () -> statement("alice@ConsumersMSP", TO, 6, 1),
            () -> statement("alice@ConsumersMSP", TO, 5, 2),
            () ->
                new WithdrawalStatement(
                    "alice@ConsumersMSP", TO, BigInteger.valueOf(5), BigInteger.ONE, 1, ESCROW),
            () ->
                new WithdrawalStatement(
                    "alice@ConsumersMSP", TO, BigInteger.valueOf(5), BigInteger.ONE, 31337, TO))) {
      assertFalse(Arrays.equals(digest, other.get().digest()), other.get().toString());
    }
  }

  @Test
  void refusesWhatTheContractWouldRefuse() {
    assertThrows(IllegalArgumentException.class, () -> statement("", TO, 5, 1));
    assertThrows(IllegalArgumentException.class, () -> statement("é".repeat(65), TO, 5, 1));
    statement("a".repeat(WithdrawalStatement.MAX_ACCOUNT_BYTES), TO, 5, 1);
    assertThrows(IllegalArgumentException.class, () -> statement("a", "0x1234", 5, 1));
    assertThrows(IllegalArgumentException.class, () -> statement("a", TO.substring(2), 5, 1));
    assertThrows(IllegalArgumentException.class, () -> statement("a", "0x" + "0".repeat(40), 5, 1));
    assertThrows(IllegalArgumentException.class, () -> statement("a", TO, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> statement("a", TO, 5, -1));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new WithdrawalStatement(
                "a", TO, BigInteger.ONE.shiftLeft(256), BigInteger.ONE, 31337, ESCROW));
    assertThrows(
        IllegalArgumentException.class,
        () -> new WithdrawalStatement("a", TO, BigInteger.ONE, BigInteger.ONE, 0, ESCROW));
  }
}
