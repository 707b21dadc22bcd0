package io.edgemarket.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.bridge.contracts.EdgeEscrow;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;

/**
 * A deposit can vanish: the chain reorganises under it. Anvil's snapshot and revert stand for a
 * reorg, so the bridge service (which must credit deposits only once final) can be tested on one.
 */
class ReorgTest {
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
  void aRevertedSnapshotTakesTheDepositAndItsEventAway() throws Exception {
    long before = chain.anvil.blockNumber();
    String snapshot = chain.anvil.snapshot();
    chain.deposit(BigInteger.valueOf(500));
    List<Log> seen = deposits();
    assertEquals(1, seen.size());
    Log lost = seen.get(0);

    assertTrue(chain.anvil.revert(snapshot));

    assertEquals(before, chain.anvil.blockNumber());
    assertTrue(deposits().isEmpty(), "the deposit's log is gone");
    assertTrue(
        chain
            .bridge
            .web3j()
            .ethGetTransactionReceipt(lost.getTransactionHash())
            .send()
            .getTransactionReceipt()
            .isEmpty(),
        "its receipt is gone");
    assertEquals(BigInteger.ZERO, chain.balance(chain.escrow.getContractAddress()));

    // The chain goes on at the same heights with other blocks: what a reorg looks like.
    chain.deposit(BigInteger.valueOf(200));
    List<Log> now = deposits();
    assertEquals(1, now.size());
    assertEquals(lost.getBlockNumber(), now.get(0).getBlockNumber());
    assertNotEquals(lost.getBlockHash(), now.get(0).getBlockHash());
    assertEquals(
        BigInteger.valueOf(200),
        EdgeEscrow.getDepositedEventFromLog(now.get(0)).amount,
        "only the new deposit counts");
  }

  private List<Log> deposits() throws Exception {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.ZERO),
            DefaultBlockParameterName.LATEST,
            chain.escrow.getContractAddress());
    filter.addSingleTopic(EventEncoder.encode(EdgeEscrow.DEPOSITED_EVENT));
    List<Log> logs = new ArrayList<>();
    for (Object result : chain.bridge.web3j().ethGetLogs(filter).send().getLogs()) {
      logs.add((Log) result);
    }
    return logs;
  }
}
