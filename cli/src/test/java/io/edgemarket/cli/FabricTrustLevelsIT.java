package io.edgemarket.cli;

import io.edgemarket.cli.market.LedgerKind;
import io.edgemarket.model.TrustLevel;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TrustLevelsIT}'s lying provider on the real two-organisation Fabric network: caught under
 * {@code redundant} by the other runs and under {@code reexecute} by the market's verifier, its
 * stake slashed to the consumer by the chaincode on both peers, and the audit clean.
 */
class FabricTrustLevelsIT {
  @TempDir Path tmp;

  @BeforeAll
  static void requireNetwork() {
    FabricMarketIT.requireNetwork();
  }

  @Test
  void underRedundantTheLiarIsOutvotedAndSlashedOnFabric() throws Exception {
    try (TrustScenarios market =
        new TrustScenarios(tmp.resolve("redundant"), 2, LedgerKind.FABRIC)) {
      market.deploy("upper-checked", TrustLevel.REDUNDANT, "1.0");
      market.liarIsCaughtAndSlashed("upper-checked", "redundant");
    }
  }

  @Test
  void underReexecuteTheVerifierCatchesTheLiarOnFabric() throws Exception {
    try (TrustScenarios market =
        new TrustScenarios(tmp.resolve("reexecute"), 1, LedgerKind.FABRIC)) {
      market.deploy("upper-verified", TrustLevel.REEXECUTE, "1.0");
      market.liarIsCaughtAndSlashed("upper-verified", "reexecute");
    }
  }
}
