package io.edgemarket.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnvilTest {
  @TempDir Path dir;

  @Test
  void answersOnItsPortWithItsChainIdAndFundsTheDevAccounts() throws Exception {
    try (Anvil anvil = Anvil.start(dir)) {
      assertEquals(
          "0x" + Long.toHexString(Anvil.CHAIN_ID), anvil.rpc("eth_chainId").asText(), anvil.log());
      assertEquals(Anvil.DEV_PRIVATE_KEYS.size(), anvil.rpc("eth_accounts").size());
      String first = anvil.rpc("eth_accounts").get(0).asText();
      BigInteger balance =
          new BigInteger(anvil.rpc("eth_getBalance", first, "latest").asText().substring(2), 16);
      assertEquals(BigInteger.TEN.pow(22), balance, "10000 ETH");
    }
  }

  @Test
  void minesAndRevertsToASnapshot() throws Exception {
    try (Anvil anvil = Anvil.start(dir)) {
      String snapshot = anvil.snapshot();
      long before = anvil.blockNumber();
      anvil.mine(5);
      assertEquals(before + 5, anvil.blockNumber());
      assertTrue(anvil.revert(snapshot));
      assertEquals(before, anvil.blockNumber());
    }
  }

  @Test
  void aStoppedNodeRefusesCallsAndRestartsOnTheSamePortWithItsChain() throws Exception {
    try (Anvil anvil = Anvil.start(dir)) {
      anvil.mine(3);
      int port = anvil.port();
      anvil.stop();
      assertFalse(anvil.isRunning());
      assertThrows(IOException.class, anvil::blockNumber);
      anvil.restart();
      assertEquals(port, anvil.port());
      assertEquals(3, anvil.blockNumber(), anvil.log());
    }
  }
}
