package io.edgemarket.bridge;

import static io.edgemarket.bridge.EscrowOnAnvil.ACCOUNT;
import static io.edgemarket.bridge.EscrowOnAnvil.assertRefused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.bridge.contracts.EdgeEscrow;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/** SECURITY.md row 31: the escrow pays a withdrawal only as the bridge key signed it, once. */
class WithdrawalAttacksTest {
  static final BigInteger ESCROWED = BigInteger.valueOf(1_000);

  @TempDir Path dir;
  EscrowOnAnvil chain;
  String escrow;

  @BeforeEach
  void start() throws Exception {
    chain = EscrowOnAnvil.start(dir);
    chain.deposit(ESCROWED);
    escrow = chain.escrow.getContractAddress();
  }

  @AfterEach
  void stop() {
    if (chain != null) { // null when anvil is missing and the test was skipped
      chain.close();
    }
  }

  @Test
  void theContractSignsOverTheSameDigestAsJava() throws Exception {
    WithdrawalStatement statement = chain.statement(400, 7);
    assertArrayEquals(WithdrawalStatement.TAG, chain.escrow.WITHDRAWAL_TAG().send());
    assertArrayEquals(
        statement.digest(),
        chain
            .escrow
            .withdrawalDigest(ACCOUNT, statement.to(), statement.amount(), statement.nonce())
            .send());
  }

  @Test
  void aSignedStatementPaysItsRecipientExactlyOnce() throws Exception {
    WithdrawalStatement statement = chain.statement(400, 7);
    byte[] signature = chain.signer.sign(statement);
    assertEquals(chain.signer.address(), BridgeSigner.recover(statement, signature));

    TransactionReceipt receipt =
        chain
            .stranger
            .escrow(escrow)
            .withdraw(ACCOUNT, statement.to(), statement.amount(), statement.nonce(), signature)
            .send();

    List<EdgeEscrow.WithdrawnEventResponse> events = EdgeEscrow.getWithdrawnEvents(receipt);
    assertEquals(1, events.size());
    assertEquals(ACCOUNT, events.get(0).marketAccount);
    assertEquals(statement.to(), events.get(0).to);
    assertEquals(statement.amount(), events.get(0).amount);
    assertEquals(statement.nonce(), events.get(0).nonce);
    assertTrue(chain.escrow.usedNonce(statement.nonce()).send());
    assertEquals(BigInteger.valueOf(400), chain.balance(chain.recipient));

    assertRefused("EdgeEscrow: nonce used", () -> chain.withdraw(statement, signature));
    assertEquals(BigInteger.valueOf(400), chain.balance(chain.recipient));
    assertEquals(BigInteger.valueOf(600), chain.balance(escrow));
  }

  @Test
  void aStatementSignedByAnotherKeyIsRefused() throws Exception {
    WithdrawalStatement statement = chain.statement(400, 7);
    byte[] forged = BridgeSigner.of(EscrowOnAnvil.dev(2)).sign(statement);
    assertRefused("EdgeEscrow: not signed by the bridge", () -> chain.withdraw(statement, forged));
    assertNothingPaid(statement);
  }

  @Test
  void aStatementForAnotherChainIsRefused() throws Exception {
    WithdrawalStatement here = chain.statement(400, 7);
    WithdrawalStatement elsewhere =
        new WithdrawalStatement(ACCOUNT, here.to(), here.amount(), here.nonce(), 1, here.escrow());
    byte[] signature = chain.signer.sign(elsewhere);
    assertRefused(
        "EdgeEscrow: not signed by the bridge", () -> chain.withdraw(elsewhere, signature));
    assertNothingPaid(here);
  }

  @Test
  void aStatementForAnotherEscrowIsRefused() throws Exception {
    EdgeEscrow other = chain.bridge.deployEscrow(chain.token, chain.signer.address());
    WithdrawalStatement here = chain.statement(400, 7);
    WithdrawalStatement forOther =
        new WithdrawalStatement(
            ACCOUNT,
            here.to(),
            here.amount(),
            here.nonce(),
            here.chainId(),
            other.getContractAddress());
    byte[] signature = chain.signer.sign(forOther);
    assertRefused(
        "EdgeEscrow: not signed by the bridge", () -> chain.withdraw(forOther, signature));
    assertNothingPaid(here);
  }

  @Test
  void anAlteredStatementIsRefused() throws Exception {
    WithdrawalStatement signed = chain.statement(400, 7);
    byte[] signature = chain.signer.sign(signed);
    EdgeEscrow escrowAsStranger = chain.stranger.escrow(escrow);
    String thief = chain.stranger.address();
    BigInteger more = BigInteger.valueOf(900);
    BigInteger nonce = signed.nonce();
    assertRefused(
        "EdgeEscrow: not signed by the bridge",
        () -> escrowAsStranger.withdraw(ACCOUNT, signed.to(), more, nonce, signature).send());
    assertRefused(
        "EdgeEscrow: not signed by the bridge",
        () -> escrowAsStranger.withdraw(ACCOUNT, thief, signed.amount(), nonce, signature).send());
    assertRefused(
        "EdgeEscrow: not signed by the bridge",
        () ->
            escrowAsStranger
                .withdraw("bob@ConsumersMSP", signed.to(), signed.amount(), nonce, signature)
                .send());
    assertRefused(
        "EdgeEscrow: not signed by the bridge",
        () ->
            escrowAsStranger
                .withdraw(ACCOUNT, signed.to(), signed.amount(), BigInteger.valueOf(8), signature)
                .send());
    assertNothingPaid(signed);
    assertEquals(BigInteger.ZERO, chain.balance(thief));
  }

  @Test
  void theHighSTwinOfAValidSignatureIsRefused() throws Exception {
    WithdrawalStatement statement = chain.statement(400, 7);
    byte[] signature = chain.signer.sign(statement);
    byte[] twin = highSTwin(signature);
    // The twin is a valid ECDSA signature of the same key: only the low-s rule tells them apart.
    Sign.SignatureData twinData =
        new Sign.SignatureData(
            twin[64], Arrays.copyOfRange(twin, 0, 32), Arrays.copyOfRange(twin, 32, 64));
    assertEquals(
        chain.signer.address(),
        Numeric.prependHexPrefix(
            Keys.getAddress(Sign.signedPrefixedMessageToKey(statement.digest(), twinData))));
    assertThrows(SignatureException.class, () -> BridgeSigner.recover(statement, twin));

    assertRefused("EdgeEscrow: high s", () -> chain.withdraw(statement, twin));
    assertNothingPaid(statement);
    // Refusing the twin spent nothing: the original still pays, once.
    chain.withdraw(statement, signature);
    assertEquals(statement.amount(), chain.balance(chain.recipient));
    assertRefused("EdgeEscrow: nonce used", () -> chain.withdraw(statement, twin));
  }

  @Test
  void malformedSignaturesAreRefused() throws Exception {
    WithdrawalStatement statement = chain.statement(400, 7);
    byte[] signature = chain.signer.sign(statement);
    byte[] badV = signature.clone();
    badV[64] = 0;
    assertRefused("EdgeEscrow: bad v", () -> chain.withdraw(statement, badV));
    byte[] shortened = Arrays.copyOf(signature, 64);
    assertRefused("EdgeEscrow: bad signature length", () -> chain.withdraw(statement, shortened));
    assertNothingPaid(statement);
  }

  private void assertNothingPaid(WithdrawalStatement statement) throws Exception {
    assertFalse(chain.escrow.usedNonce(statement.nonce()).send());
    assertEquals(BigInteger.ZERO, chain.balance(chain.recipient));
    assertEquals(ESCROWED, chain.balance(escrow));
  }

  /** (r, n - s, v flipped): the other signature of the same key over the same digest. */
  private static byte[] highSTwin(byte[] signature) {
    BigInteger n = Sign.CURVE_PARAMS.getN();
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    byte[] twin = signature.clone();
    System.arraycopy(Numeric.toBytesPadded(n.subtract(s), 32), 0, twin, 32, 32);
    twin[64] = (byte) (signature[64] == 27 ? 28 : 27);
    return twin;
  }
}
