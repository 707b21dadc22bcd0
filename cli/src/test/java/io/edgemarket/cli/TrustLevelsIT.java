package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgemarket.cli.market.LedgerKind;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.Verification;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results that are checked, on the embedded ledger: under {@code redundant} (sample 1.0, two honest
 * agents and a liar) and under {@code reexecute} (sample 1.0, one honest agent, a liar and the
 * market's verifier) the lying provider is caught, slashed and the consumer paid its stake; honest
 * runs agree; an unsampled invocation is checked by its receipt alone.
 */
class TrustLevelsIT {
  @TempDir Path tmp;

  @Test
  void underRedundantTheLiarIsOutvotedSlashedAndTheConsumerPaid() throws Exception {
    try (TrustScenarios market =
        new TrustScenarios(tmp.resolve("redundant"), 2, LedgerKind.EMBEDDED)) {
      market.deploy("upper-checked", TrustLevel.REDUNDANT, "1.0");
      market.liarIsCaughtAndSlashed("upper-checked", "redundant");

      market.deploy("upper-unsampled", TrustLevel.REDUNDANT, "0");
      InvocationResult unsampled = market.invoke("upper-unsampled", "left out");
      assertEquals(Verification.NOT_SAMPLED, unsampled.verification().outcome());
      assertEquals(1, unsampled.verification().providers().size());
      market.deploy("upper-receipt", TrustLevel.RECEIPT, "1.0");
      InvocationResult plain = market.invoke("upper-receipt", "receipt only");
      assertEquals("receipt", plain.verification().level());
      assertEquals(Verification.NOT_SAMPLED, plain.verification().outcome());
    }
  }

  @Test
  void underReexecuteTheVerifierCatchesTheLiarAndTheLedgerSlashesIt() throws Exception {
    try (TrustScenarios market =
        new TrustScenarios(tmp.resolve("reexecute"), 1, LedgerKind.EMBEDDED)) {
      market.deploy("upper-verified", TrustLevel.REEXECUTE, "1.0");
      market.liarIsCaughtAndSlashed("upper-verified", "reexecute");
    }
  }
}
