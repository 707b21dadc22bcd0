package io.edgemarket.bridge;

import static io.edgemarket.bridge.EscrowOnAnvil.assertRefused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.bridge.contracts.EdgeEscrow;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** SECURITY.md row 33: one settlement root per height, anchored by the bridge key alone. */
class AnchorTest {
  static final BigInteger HEIGHT = BigInteger.valueOf(42);
  static final byte[] ROOT =
      Hash.sha3("batch root 42".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  static final byte[] OTHER_ROOT =
      Hash.sha3("another root".getBytes(java.nio.charset.StandardCharsets.UTF_8));

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
  void theBridgeAnchorsARootAndTheSameRootAgainChangesNothing() throws Exception {
    TransactionReceipt receipt = chain.escrow.anchor(HEIGHT, ROOT).send();
    List<EdgeEscrow.AnchoredEventResponse> events = EdgeEscrow.getAnchoredEvents(receipt);
    assertEquals(1, events.size());
    assertEquals(HEIGHT, events.get(0).height);
    assertArrayEquals(ROOT, events.get(0).root);
    assertArrayEquals(ROOT, chain.escrow.anchors(HEIGHT).send());

    TransactionReceipt again = chain.escrow.anchor(HEIGHT, ROOT).send();
    assertTrue(EdgeEscrow.getAnchoredEvents(again).isEmpty());
  }

  @Test
  void anAnchoredHeightIsNeverGivenAnotherRoot() throws Exception {
    chain.escrow.anchor(HEIGHT, ROOT).send();
    assertRefused(
        "EdgeEscrow: height anchored", () -> chain.escrow.anchor(HEIGHT, OTHER_ROOT).send());
    assertRefused(
        "EdgeEscrow: zero root",
        () -> chain.escrow.anchor(HEIGHT.add(BigInteger.ONE), new byte[32]).send());
    assertArrayEquals(ROOT, chain.escrow.anchors(HEIGHT).send());
  }

  @Test
  void aStrangerCannotAnchor() throws Exception {
    EdgeEscrow asStranger = chain.stranger.escrow(chain.escrow.getContractAddress());
    assertRefused("EdgeEscrow: not the bridge", () -> asStranger.anchor(HEIGHT, OTHER_ROOT).send());
    assertArrayEquals(new byte[32], chain.escrow.anchors(HEIGHT).send());
    chain.escrow.anchor(HEIGHT, ROOT).send();
    assertArrayEquals(ROOT, chain.escrow.anchors(HEIGHT).send());
  }
}
