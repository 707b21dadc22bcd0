package io.edgemarket.ledger.embedded;

import static io.edgemarket.ledger.embedded.LedgerFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.ledger.LedgerException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.contract.ContractInterface;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contracts registered from the classes given route every transaction as the class path scan's
 * registry does: results, chaincode errors, unknown names and the shim's system contract.
 */
class ExplicitContractsTest {
  private static final Identity BOB = LedgerFixture.CA.enroll("bob", Role.CONSUMER);

  @TempDir Path scanned;
  @TempDir Path explicit;

  @Test
  void explicitlyRegisteredContractsAnswerExactlyAsScannedOnes() throws Exception {
    List<String> byScan;
    try (EmbeddedLedger ledger = EmbeddedLedger.open(scanned, LedgerFixture.CA)) {
      byScan = run(new EmbeddedGateway(ledger, BOB));
    }
    List<String> byList;
    try (EmbeddedLedger ledger =
        EmbeddedLedger.builder(explicit, LedgerFixture.CA)
            .contracts(List.of(KvTestContract.class))
            .open()) {
      byList = run(new EmbeddedGateway(ledger, BOB));
    }
    assertEquals(byScan.size(), byList.size());
    for (int i = 0; i < byScan.size(); i++) {
      // History carries transaction ids and times, which differ between the two ledgers.
      if (!byScan.get(i).startsWith("history")) {
        assertEquals(byScan.get(i), byList.get(i), "answer " + i);
      }
    }
    assertTrue(byList.contains("get 2"), byList.toString());
    assertTrue(
        ChaincodeRuntime.get(List.of(KvTestContract.class)).assembled(),
        "explicit contracts are served by a router assembled without its class path scans");
    assertFalse(ChaincodeRuntime.get(List.of()).assembled(), "no contracts: the scanning router");
  }

  @Test
  void aClassThatIsNotAContractIsRefused() {
    @SuppressWarnings("unchecked")
    List<Class<? extends ContractInterface>> notContracts =
        List.of((Class<? extends ContractInterface>) (Class<?>) NotAContract.class);
    assertThrows(
        IllegalArgumentException.class,
        () -> EmbeddedLedger.builder(explicit, LedgerFixture.CA).contracts(notContracts).open());
  }

  static final class NotAContract implements ContractInterface {}

  private static List<String> run(EmbeddedGateway gateway) throws Exception {
    List<String> answers = new ArrayList<>();
    gateway.submit("kvtest:Put", "a", "1");
    answers.add("put " + gateway.submit("kvtest:PutThenGet", "a", "2"));
    answers.add("get " + gateway.evaluate("kvtest:Get", "a"));
    answers.add("increment " + gateway.submit("kvtest:Increment", "n"));
    answers.add("history " + gateway.evaluate("kvtest:History", "a"));
    String whoami = gateway.evaluate("kvtest:Whoami"); // ends with the transaction id
    answers.add("whoami " + whoami.substring(0, whoami.lastIndexOf(' ')));
    for (String[] call :
        List.of(
            new String[] {"kvtest:Fail", "a", "NOT_FOUND", "no such thing"},
            new String[] {"kvtest:NoSuchTransaction"},
            new String[] {"nosuchcontract:Get", "a"})) {
      String[] args = java.util.Arrays.copyOfRange(call, 1, call.length);
      LedgerException e = failure(() -> gateway.evaluate(call[0], args));
      String message = e.getMessage().replaceAll("tx [0-9a-f]{64}", "tx ?");
      answers.add("error " + e.phase() + " " + e.code() + " " + message);
    }
    answers.add(
        "metadata "
            + gateway.evaluate("org.hyperledger.fabric:GetMetadata").contains("\"kvtest\""));
    return answers;
  }
}
