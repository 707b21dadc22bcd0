package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.GrantTrigger;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Records.GrantStatus;
import org.junit.jupiter.api.Test;

/** trigger chain create, and trigger list showing a chain, against a fake broker and ledger. */
class ChainTriggerCommandsTest extends FakeMarketFixture {

  @Test
  void createSignsTheChainAndListShowsItsUpstreamAndCondition() throws Exception {
    deploy("detector");
    deploy("alert");
    Cli create =
        cli(
            "trigger",
            "chain",
            "create",
            "alert",
            "--after",
            "detector",
            "--when",
            "contains:ALERT",
            "--max-calls",
            "10");
    assertEquals(0, create.exitCode(), create::toString);
    GrantStatus stored = ledger.grants.grants.values().iterator().next();
    String upstream = market.consumer.id() + "/detector";
    assertEquals(GrantTrigger.chain(upstream, "contains:ALERT"), stored.grant().trigger());
    assertEquals(market.consumer.id() + "/alert", stored.grant().functionId());
    assertEquals(10, stored.grant().maxCalls());
    assertTrue(stored.grant().verify(market.consumer.certificate().getPublicKey()));
    assertTrue(create.out().startsWith("grant       " + stored.grant().grantId() + "\n"));
    assertTrue(create.out().contains("after       " + upstream + "\n"), create::toString);
    assertTrue(create.out().contains("when        contains:ALERT\n"), create::toString);

    Cli list = cli("trigger", "list");
    assertTrue(list.out().contains(" chain "), list::toString);
    assertTrue(list.out().contains("after " + upstream + " when contains:ALERT"), list::toString);
    JsonNode listed = Json.tree(cli("trigger", "list", "--json").out()).get(0);
    assertEquals("chain", listed.get("kind").asText());
    assertEquals(upstream, listed.get("upstream").asText());
    assertEquals("contains:ALERT", listed.get("condition").asText());

    JsonNode json =
        Json.tree(
            cli(
                    "trigger",
                    "chain",
                    "create",
                    "alert",
                    "--after",
                    "detector",
                    "--max-calls",
                    "2",
                    "--json")
                .out());
    assertEquals("always", json.get("condition").asText());
    assertEquals(upstream, json.get("upstream").asText());
    assertEquals(2, json.get("maxCalls").asLong());
  }

  @Test
  void aBadConditionAnUnknownUpstreamOrNoMaxCallsIsRefusedBeforeAnythingIsPublished()
      throws Exception {
    deploy("alert");
    deploy("detector");
    Cli bad =
        cli(
            "trigger",
            "chain",
            "create",
            "alert",
            "--after",
            "detector",
            "--when",
            "maybe",
            "--max-calls",
            "3");
    assertEquals(ExitCodes.USAGE, bad.exitCode(), bad::toString);
    assertTrue(bad.stderr().contains("a condition is always, nonEmpty"), bad::toString);
    Cli unknown =
        cli("trigger", "chain", "create", "alert", "--after", "nothing", "--max-calls", "3");
    assertEquals(ExitCodes.FAILED, unknown.exitCode(), unknown::toString);
    assertTrue(unknown.stderr().contains("NOT_FOUND"), unknown::toString);
    Cli unbounded = cli("trigger", "chain", "create", "alert", "--after", "detector");
    assertEquals(ExitCodes.USAGE, unbounded.exitCode(), unbounded::toString);
    assertTrue(unbounded.stderr().contains("--max-calls"), unbounded::toString);
    assertTrue(ledger.grants.grants.isEmpty());
  }

  @Test
  void helpExplainsConditionsAndTheDepthBound() {
    Cli help = Cli.run("trigger", "chain", "create", "--help");
    assertEquals(0, help.exitCode());
    assertTrue(help.out().contains("json:POINTER=VALUE"), help::toString);
    assertTrue(help.out().contains("at most 8 steps deep"), help::toString);
    assertTrue(Cli.run("trigger", "--help").out().contains("trigger chain create"));
  }
}
