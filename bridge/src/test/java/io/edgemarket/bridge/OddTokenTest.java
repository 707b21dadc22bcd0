package io.edgemarket.bridge;

import static io.edgemarket.bridge.EscrowOnAnvil.ACCOUNT;
import static io.edgemarket.bridge.EscrowOnAnvil.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.edgemarket.bridge.contracts.EdgeEscrow;
import io.edgemarket.bridge.contracts.OddToken;
import java.math.BigInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** SECURITY.md row 32: an escrow over a token that answers false, keeps a fee or calls back. */
class OddTokenTest {
  static final BigInteger AMOUNT = BigInteger.valueOf(1_000);

  @TempDir Path dir;
  EscrowOnAnvil chain;
  OddToken token;
  EdgeEscrow escrow;

  @BeforeEach
  void start() throws Exception {
    chain = EscrowOnAnvil.start(dir);
    OddToken deployed =
        OddToken.deploy(chain.bridge.web3j(), chain.bridge.transactions(), chain.bridge.gas())
            .send();
    escrow = chain.bridge.deployEscrow(deployed.getContractAddress(), chain.signer.address());
    token =
        OddToken.load(
            deployed.getContractAddress(),
            chain.depositor.web3j(),
            chain.depositor.transactions(),
            chain.depositor.gas());
    token.mint(chain.depositor.address(), AMOUNT).send();
    token.approve(escrow.getContractAddress(), AMOUNT).send();
  }

  @AfterEach
  void stop() {
    if (chain != null) { // null when anvil is missing and the test was skipped
      chain.close();
    }
  }

  private EdgeEscrow asDepositor() {
    return chain.depositor.escrow(escrow.getContractAddress());
  }

  @Test
  void aTransferFromAnsweringFalseIsNoDeposit() throws Exception {
    token.setMode(BigInteger.ONE, escrow.getContractAddress()).send();
    assertRefused(
        "EdgeEscrow: transferFrom failed", () -> asDepositor().deposit(ACCOUNT, AMOUNT).send());
    assertEquals(BigInteger.ZERO, token.balanceOf(escrow.getContractAddress()).send());
  }

  @Test
  void aDepositIsCreditedWhatArrivedNotWhatWasAsked() throws Exception {
    token.setMode(BigInteger.TWO, escrow.getContractAddress()).send();
    TransactionReceipt receipt = asDepositor().deposit(ACCOUNT, AMOUNT).send();
    BigInteger arrived = token.balanceOf(escrow.getContractAddress()).send();
    assertEquals(BigInteger.valueOf(900), arrived);
    assertEquals(arrived, EdgeEscrow.getDepositedEvents(receipt).get(0).amount);
  }

  @Test
  void aTokenCallingBackIntoDepositIsRefused() throws Exception {
    token.setMode(BigInteger.valueOf(3), escrow.getContractAddress()).send();
    assertRefused(
        "EdgeEscrow: transferFrom failed", () -> asDepositor().deposit(ACCOUNT, AMOUNT).send());
    assertEquals(BigInteger.ZERO, token.balanceOf(escrow.getContractAddress()).send());
    assertEquals(AMOUNT, token.balanceOf(chain.depositor.address()).send());
  }

  @Test
  void aTransferAnsweringFalseLeavesTheStatementUnspent() throws Exception {
    asDepositor().deposit(ACCOUNT, AMOUNT).send();
    token.setMode(BigInteger.valueOf(4), escrow.getContractAddress()).send();
    WithdrawalStatement statement =
        new WithdrawalStatement(
            ACCOUNT,
            chain.recipient,
            BigInteger.valueOf(400),
            BigInteger.ONE,
            chain.anvil.chainId(),
            escrow.getContractAddress());
    byte[] signature = chain.signer.sign(statement);
    EdgeEscrow asStranger = chain.stranger.escrow(escrow.getContractAddress());
    assertRefused(
        "EdgeEscrow: transfer failed",
        () ->
            asStranger
                .withdraw(ACCOUNT, statement.to(), statement.amount(), statement.nonce(), signature)
                .send());
    assertFalse(escrow.usedNonce(statement.nonce()).send());
    assertEquals(AMOUNT, token.balanceOf(escrow.getContractAddress()).send());
  }
}
