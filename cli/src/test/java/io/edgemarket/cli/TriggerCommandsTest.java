package io.edgemarket.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.GrantTrigger;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Records.GrantStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** trigger route create, trigger list and trigger revoke against a fake broker and ledger. */
class TriggerCommandsTest extends FakeMarketFixture {

  @Test
  void createPrintsTheUrlAndTheKeyOnceAndTheLedgerHoldsOnlyItsHash() throws Exception {
    deploy("upper");
    Cli create =
        cli("trigger", "route", "create", "upper", "--route", "sensor", "--max-calls", "5");
    assertEquals(0, create.exitCode(), create::toString);
    String url = broker.uri().toString().replaceAll("/+$", "");
    String expected = url + "/run/" + market.consumer.id() + "/sensor";
    assertTrue(
        create.out().startsWith("route       " + expected + "\nkey         "), create::toString);
    String key = create.out().split("\n")[1].substring("key         ".length());
    assertEquals(43, key.length());
    assertTrue(create.stderr().contains("shown only now"), create::toString);

    GrantStatus stored = ledger.grants.grants.values().iterator().next();
    assertEquals(5, stored.grant().maxCalls());
    assertEquals(market.consumer.id() + "/upper", stored.grant().functionId());
    assertEquals(GrantTrigger.route("sensor", key), stored.grant().trigger());
    assertFalse(Json.write(stored).contains(key), "the ledger never sees the key");
    assertTrue(stored.grant().verify(market.consumer.certificate().getPublicKey()));
  }

  @Test
  void jsonListAndRevoke() throws Exception {
    deploy("upper");
    Cli create =
        cli(
            "trigger",
            "route",
            "create",
            "upper",
            "--route",
            "r1",
            "--max-spend",
            "900",
            "--max-price-per-call",
            "300",
            "--days",
            "2",
            "--json");
    assertEquals(0, create.exitCode(), create::toString);
    JsonNode created = Json.tree(create.out());
    String grantId = created.get("grantId").asText();
    assertTrue(created.get("url").asText().endsWith("/run/" + market.consumer.id() + "/r1"));
    assertEquals(900, created.get("maxSpend").asLong());
    assertEquals(300, created.get("maxPricePerCall").asLong());
    assertEquals(
        2 * 86_400_000L, created.get("notAfter").asLong() - created.get("notBefore").asLong());

    Cli list = cli("trigger", "list");
    assertEquals(0, list.exitCode(), list::toString);
    assertTrue(
        list.out()
            .startsWith(
                String.format(
                    TriggerListCommand.ROW,
                    "GRANT",
                    "STATUS",
                    "KIND",
                    "CALLS",
                    "SPEND",
                    "FUNCTION",
                    "URL")),
        list::toString);
    assertTrue(list.out().contains(grantId), list::toString);
    assertTrue(list.out().contains(" live "), list::toString);
    assertTrue(list.out().contains(" 0/900 "), list::toString);

    Cli revoke = cli("trigger", "revoke", grantId);
    assertEquals(0, revoke.exitCode(), revoke::toString);
    assertTrue(revoke.out().startsWith(grantId + " revoked at "), revoke::toString);
    JsonNode listed = Json.tree(cli("trigger", "list", "--json").out());
    assertEquals(1, listed.size());
    assertEquals("revoked", listed.get(0).get("status").asText());
    assertEquals("route", listed.get(0).get("kind").asText());

    Cli again = cli("trigger", "revoke", grantId);
    assertEquals(ExitCodes.FAILED, again.exitCode(), again::toString);
    assertTrue(again.stderr().contains("GRANT_REVOKED"), again::toString);
  }

  @Test
  void mistakesAreRefusedBeforeAnythingIsSigned() throws Exception {
    deploy("upper");
    Cli badName = cli("trigger", "route", "create", "upper", "--route", "no/slash");
    assertEquals(ExitCodes.USAGE, badName.exitCode(), badName::toString);
    Cli noRoute = cli("trigger", "route", "create", "upper");
    assertEquals(ExitCodes.USAGE, noRoute.exitCode(), noRoute::toString);
    Cli zero = cli("trigger", "route", "create", "upper", "--route", "r", "--max-calls", "0");
    assertEquals(ExitCodes.USAGE, zero.exitCode(), zero::toString);
    Cli unknown = cli("trigger", "route", "create", "nothing", "--route", "r");
    assertEquals(ExitCodes.FAILED, unknown.exitCode(), unknown::toString);
    assertTrue(unknown.stderr().contains("NOT_FOUND"), unknown::toString);
    assertTrue(ledger.grants.grants.isEmpty());
  }

  @Test
  void cronCreatePrintsTheGrantAndTheNextThreeFiringsAndListShowsIt() throws Exception {
    deploy("upper");
    Cli create =
        cli(
            "trigger",
            "cron",
            "create",
            "upper",
            "--schedule",
            "0 0 12 * * *",
            "--input",
            "tick",
            "--max-calls",
            "3");
    assertEquals(0, create.exitCode(), create::toString);
    GrantStatus stored = ledger.grants.grants.values().iterator().next();
    assertTrue(create.out().startsWith("grant       " + stored.grant().grantId() + "\n"));
    assertTrue(create.out().contains("schedule    0 0 12 * * * (UTC)\n"), create::toString);
    assertEquals(
        GrantTrigger.cron("0 0 12 * * *", "tick".getBytes(UTF_8)), stored.grant().trigger());
    assertEquals(3, stored.grant().maxCalls());
    assertTrue(stored.grant().verify(market.consumer.certificate().getPublicKey()));
    List<String> next =
        create.out().lines().filter(l -> l.startsWith("next ")).map(l -> l.substring(12)).toList();
    assertEquals(3, next.size(), create::toString);
    Instant first = Instant.parse(next.get(0));
    assertTrue(first.toString().endsWith("T12:00:00Z"), create::toString);
    assertEquals(first.plus(Duration.ofDays(1)), Instant.parse(next.get(1)));
    assertEquals(first.plus(Duration.ofDays(2)), Instant.parse(next.get(2)));

    Cli list = cli("trigger", "list");
    assertTrue(list.out().contains(" cron "), list::toString);
    assertTrue(list.out().contains("0 0 12 * * * (next " + first + ")"), list::toString);
    JsonNode listed = Json.tree(cli("trigger", "list", "--json").out()).get(0);
    assertEquals("cron", listed.get("kind").asText());
    assertEquals("0 0 12 * * *", listed.get("schedule").asText());
    assertEquals(first.toString(), listed.get("nextFiring").asText());
    assertEquals(0, listed.get("calls").asLong());

    JsonNode json =
        Json.tree(
            cli(
                    "trigger",
                    "cron",
                    "create",
                    "upper",
                    "--schedule",
                    "*/5 * * * *",
                    "--max-calls",
                    "10",
                    "--json")
                .out());
    assertEquals("*/5 * * * *", json.get("schedule").asText());
    assertEquals(3, json.get("next").size());
    assertEquals(10, json.get("maxCalls").asLong());
  }

  @Test
  void aBadScheduleOrNoMaxCallsIsRefusedBeforeAnythingIsSigned() throws Exception {
    deploy("upper");
    Cli bad =
        cli("trigger", "cron", "create", "upper", "--schedule", "61 * * * *", "--max-calls", "3");
    assertEquals(ExitCodes.USAGE, bad.exitCode(), bad::toString);
    assertTrue(bad.stderr().contains("minute field '61'"), bad::toString);
    Cli unbounded = cli("trigger", "cron", "create", "upper", "--schedule", "* * * * *");
    assertEquals(ExitCodes.USAGE, unbounded.exitCode(), unbounded::toString);
    assertTrue(unbounded.stderr().contains("--max-calls"), unbounded::toString);
    assertTrue(ledger.grants.grants.isEmpty());
  }

  @Test
  void helpExplainsTheCommands() {
    Cli cron = Cli.run("trigger", "cron", "create", "--help");
    assertEquals(0, cron.exitCode());
    assertTrue(cron.out().contains("day-of-week"), cron::toString);
    assertTrue(cron.out().contains("'*/15 * * * *'"), cron::toString);
    Cli help = Cli.run("trigger", "--help");
    assertEquals(0, help.exitCode());
    assertTrue(help.out().contains("route"), help::toString);
    Cli create = Cli.run("trigger", "route", "create", "--help");
    assertEquals(0, create.exitCode());
    assertTrue(create.out().contains("X-Route-Key"), create::toString);
    assertTrue(create.out().contains("--max-spend"), create::toString);
  }
}
