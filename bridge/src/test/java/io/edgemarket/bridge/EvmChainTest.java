package io.edgemarket.bridge;

import static io.edgemarket.bridge.EscrowOnAnvil.dev;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.bridge.contracts.EdgeEscrow;
import io.edgemarket.testing.Await;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

class EvmChainTest {
  static final byte[] ROOT = new byte[32];

  static {
    Arrays.fill(ROOT, (byte) 7);
  }

  @TempDir Path dir;

  @Test
  void theBuilderRefusesBadSettingsAndMissingOnes() {
    EvmChain.Builder builder = EvmChain.builder();
    assertThrows(IllegalArgumentException.class, () -> builder.rpcUrl("ftp://127.0.0.1:8545"));
    assertThrows(IllegalArgumentException.class, () -> builder.rpcUrl("http:///nohost"));
    assertThrows(IllegalArgumentException.class, () -> builder.rpcUrl("not a url"));
    assertThrows(IllegalArgumentException.class, () -> builder.chainId(0));
    assertThrows(IllegalArgumentException.class, () -> builder.pollingInterval(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class, () -> builder.pollingInterval(Duration.ofMinutes(2)));
    assertThrows(IllegalArgumentException.class, () -> builder.receiptTimeout(Duration.ZERO));
    assertThrows(NullPointerException.class, () -> builder.credentials(null));
    builder.rpcUrl("http://127.0.0.1:8545").chainId(31337);
    assertThrows(IllegalStateException.class, builder::build, "no credentials");
  }

  @Test
  void pollsForReceiptsEvery200MillisecondsUnlessTold() {
    try (EvmChain chain =
        EvmChain.builder()
            .rpcUrl("http://127.0.0.1:8545")
            .credentials(dev(0))
            .chainId(31337)
            .build()) {
      assertEquals(Duration.ofMillis(200), chain.pollingInterval());
      assertEquals(dev(0).getAddress(), chain.address());
    }
  }

  @Test
  void aClientForAnotherChainIsToldSoByTheNode() throws Exception {
    try (EscrowOnAnvil chain = EscrowOnAnvil.start(dir);
        EvmChain wrong =
            EvmChain.builder().rpcUrl(chain.anvil.url()).credentials(dev(1)).chainId(1).build()) {
      chain.bridge.checkChainId();
      IllegalStateException e = assertThrows(IllegalStateException.class, wrong::checkChainId);
      assertTrue(e.getMessage().contains("31337"), e.getMessage());
    }
  }

  @Test
  void aNodeThatGoesDownFailsCallsAndTheSameClientWorksOnceItIsBack() throws Exception {
    try (EscrowOnAnvil chain = EscrowOnAnvil.start(dir)) {
      chain.deposit(BigInteger.valueOf(300));
      EdgeEscrow escrow = chain.escrow;
      chain.anvil.stop();
      assertThrows(IOException.class, () -> escrow.usedNonce(BigInteger.ONE).send());

      chain.anvil.restart();
      assertEquals(BigInteger.valueOf(300), chain.balance(escrow.getContractAddress()));
      escrow.anchor(BigInteger.ONE, ROOT).send();
      assertArrayEquals(ROOT, escrow.anchors(BigInteger.ONE).send());
    }
  }

  @Test
  void aReceiptMinedLaterIsPickedUpWithinAPollingInterval() throws Exception {
    try (EscrowOnAnvil chain = EscrowOnAnvil.start(dir)) {
      chain.anvil.rpc("evm_setAutomine", false);
      CompletableFuture<TransactionReceipt> sent =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return chain.escrow.anchor(BigInteger.ONE, ROOT).send();
                } catch (Exception e) {
                  throw new CompletionException(e);
                }
              });
      Await.until(
          "the anchor transaction is pending",
          () ->
              chain.anvil.rpc("eth_getBlockByNumber", "pending", false).path("transactions").size()
                  == 1);
      assertFalse(sent.isDone());
      long mined = System.nanoTime();
      chain.anvil.mine(1);
      // web3j's default interval (15 s) would miss this bound by far.
      TransactionReceipt receipt = sent.get(2, TimeUnit.SECONDS);
      assertTrue(receipt.isStatusOK());
      assertTrue(Duration.ofNanos(System.nanoTime() - mined).toMillis() < 2_000);
    }
  }
}
