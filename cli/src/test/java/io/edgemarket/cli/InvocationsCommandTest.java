package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.json.Json;
import io.edgemarket.testing.Await;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code invocations} against a fake broker: lines, JSON, filters and bad times. */
class InvocationsCommandTest extends FakeMarketFixture {
  @Test
  void listsTheCallersInvocationsNewestFirst() throws Exception {
    deploy("echo");
    deploy("upper");
    String first = invocationId(cli("invoke", "echo", "--input", "a", "--json"));
    // Its ticket was issued before the call returned: the next one is issued later.
    long returned = System.currentTimeMillis();
    Await.until("the clock past " + returned, () -> System.currentTimeMillis() > returned);
    String second = invocationId(cli("invoke", "upper", "--input", "b", "--json"));

    Cli text = cli("invocations");
    assertEquals(0, text.exitCode(), text::toString);
    String[] lines = text.out().split("\n");
    assertEquals(3, lines.length, text::toString);
    assertEquals(
        String.format(
            InvocationsCommand.ROW,
            "INVOCATION",
            "FUNCTION",
            "STATUS",
            "COST",
            "SETTLEMENT",
            "ISSUED"),
        lines[0] + "\n");
    assertTrue(
        lines[1].startsWith(second + " " + market.consumer.id() + "/upper "), text::toString);
    assertTrue(lines[2].startsWith(first + " " + market.consumer.id() + "/echo "), text::toString);
    assertTrue(lines[1].contains(" OK "), text::toString);

    JsonNode json = Json.tree(cli("invocations", "--json", "--function", "echo").out());
    assertEquals(false, json.get("truncated").asBoolean());
    assertEquals(1, json.get("invocations").size());
    assertEquals(first, json.get("invocations").get(0).get("invocationId").asText());
    assertEquals(
        market.consumer.id() + "/echo", json.get("invocations").get(0).get("functionId").asText());

    String later = Instant.now().plusSeconds(3600).toString();
    JsonNode none = Json.tree(cli("invocations", "--json", "--since", later).out());
    assertEquals(0, none.get("invocations").size());
    assertEquals(
        2,
        Json.tree(cli("invocations", "--json", "--since", "1h").out()).get("invocations").size());
  }

  @Test
  void aSinceThatIsNoTimeIsAUsageError() {
    Cli cli = cli("invocations", "--since", "yesterday");
    assertEquals(ExitCodes.USAGE, cli.exitCode(), cli::toString);
    assertTrue(cli.stderr().contains("--since 'yesterday'"), cli::toString);
  }

  @Test
  void sinceAcceptsATimeEpochMillisOrAnAge() {
    Instant now = Instant.parse("2025-01-31T12:00:00Z");
    assertEquals(now, InvocationsCommand.instant("2025-01-31T12:00:00Z", now));
    assertEquals(Instant.ofEpochMilli(1234), InvocationsCommand.instant("1234", now));
    assertEquals(now.minusSeconds(1800), InvocationsCommand.instant("30m", now));
  }

  @Test
  void explainsItself() {
    Cli help = Cli.run("invocations", "--help");
    assertEquals(0, help.exitCode(), help::toString);
    assertTrue(help.out().contains("--function=NAME"), help::toString);
    assertTrue(help.out().contains("--since=T"), help::toString);
  }

  private static String invocationId(Cli invoke) {
    assertEquals(0, invoke.exitCode(), invoke::toString);
    return Json.tree(invoke.out()).get("invocationId").asText();
  }
}
