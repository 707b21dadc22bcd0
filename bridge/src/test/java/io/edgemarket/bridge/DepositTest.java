package io.edgemarket.bridge;

import static io.edgemarket.bridge.EscrowOnAnvil.ACCOUNT;
import static io.edgemarket.bridge.EscrowOnAnvil.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgemarket.bridge.contracts.EdgeEscrow;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

class DepositTest {
  @TempDir Path dir;
  EscrowOnAnvil chain;

  @BeforeEach
  void start() throws Exception {
    chain = EscrowOnAnvil.start(dir);
  }

  @AfterEach
  void stop() {
    if (chain != null) { // null when anvil is missing and the test was skipped
      chain.close();
    }
  }

  @Test
  void aDepositMovesTheTokensIntoEscrowAndNamesTheAccountAndAmount() throws Exception {
    BigInteger amount = BigInteger.valueOf(1_000);
    chain.token(chain.depositor).mint(chain.depositor.address(), amount).send();
    chain.token(chain.depositor).approve(chain.escrow.getContractAddress(), amount).send();

    TransactionReceipt receipt =
        chain.depositor.escrow(chain.escrow.getContractAddress()).deposit(ACCOUNT, amount).send();

    List<EdgeEscrow.DepositedEventResponse> events = EdgeEscrow.getDepositedEvents(receipt);
    assertEquals(1, events.size());
    assertEquals(ACCOUNT, events.get(0).marketAccount);
    assertEquals(chain.depositor.address(), events.get(0).from);
    assertEquals(amount, events.get(0).amount);
    assertEquals(amount, chain.balance(chain.escrow.getContractAddress()));
    assertEquals(BigInteger.ZERO, chain.balance(chain.depositor.address()));
  }

  @Test
  void aDepositWithoutAllowanceIsRefusedAndMovesNothing() throws Exception {
    BigInteger amount = BigInteger.valueOf(1_000);
    chain.token(chain.depositor).mint(chain.depositor.address(), amount).send();
    EdgeEscrow escrow = chain.depositor.escrow(chain.escrow.getContractAddress());

    assertRefused("EdgeEscrow: transferFrom failed", () -> escrow.deposit(ACCOUNT, amount).send());

    chain
        .token(chain.depositor)
        .approve(chain.escrow.getContractAddress(), amount.subtract(BigInteger.ONE))
        .send();
    assertRefused("EdgeEscrow: transferFrom failed", () -> escrow.deposit(ACCOUNT, amount).send());
    assertEquals(amount, chain.balance(chain.depositor.address()));
    assertEquals(BigInteger.ZERO, chain.balance(chain.escrow.getContractAddress()));
  }

  @Test
  void aDepositNeedsAnAccountOfAtMost128BytesAndAnAmount() throws Exception {
    chain.deposit(BigInteger.TEN);
    EdgeEscrow escrow = chain.depositor.escrow(chain.escrow.getContractAddress());
    assertRefused(
        "EdgeEscrow: bad market account", () -> escrow.deposit("", BigInteger.ONE).send());
    assertRefused(
        "EdgeEscrow: bad market account",
        () -> escrow.deposit("a".repeat(129), BigInteger.ONE).send());
    assertRefused("EdgeEscrow: zero amount", () -> escrow.deposit(ACCOUNT, BigInteger.ZERO).send());
    assertEquals(BigInteger.TEN, chain.balance(chain.escrow.getContractAddress()));
  }
}
