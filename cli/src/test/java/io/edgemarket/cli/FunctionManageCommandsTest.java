package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** function list, show and retire against a fake broker and ledger. */
class FunctionManageCommandsTest extends FakeMarketFixture {
  static final byte[] NEWER = "\0asm newer".getBytes(StandardCharsets.UTF_8);

  @Test
  void listShowsEachFunctionOnceWithItsLatestVersion() throws Exception {
    deploy("upper");
    deploy("echo");
    Path newer = Files.write(tmp.resolve("newer.wasm"), NEWER);
    Cli again =
        cli(
            "function",
            "deploy",
            "--name",
            "echo",
            "--wasm",
            newer.toString(),
            "--trust",
            "redundant");
    assertEquals(0, again.exitCode(), again::toString);

    Cli list = cli("function", "list");
    assertEquals(0, list.exitCode(), list::toString);
    assertEquals(
        String.format(
                FunctionListCommand.ROW, "NAME", "VERSION", "RUNTIME", "TRUST", "STATUS", "DIGEST")
            + String.format(
                FunctionListCommand.ROW,
                "echo",
                2,
                "wasm",
                "redundant",
                "active",
                Crypto.sha256Hex(NEWER))
            + String.format(
                FunctionListCommand.ROW,
                "upper",
                1,
                "wasm",
                "receipt",
                "active",
                Crypto.sha256Hex(WASM)),
        list.out());

    JsonNode json = Json.tree(cli("function", "list", "--json").out());
    assertEquals(2, json.size());
    assertEquals("echo", json.get(0).get("name").asText());
    assertEquals(market.consumer.id() + "/echo", json.get(0).get("functionId").asText());
    assertEquals(2, json.get(0).get("version").asInt());
    assertEquals(Crypto.sha256Hex(NEWER), json.get(0).get("digest").asText());
    assertEquals("redundant", json.get(0).get("trustLevel").asText());
    assertEquals("wasm", json.get(1).get("runtime").asText());
  }

  @Test
  void showPrintsTheTermsAndEveryVersion() throws Exception {
    deploy("echo");
    Path newer = Files.write(tmp.resolve("newer.wasm"), NEWER);
    assertEquals(
        0, cli("function", "deploy", "--name", "echo", "--wasm", newer.toString()).exitCode());

    Cli show = cli("function", "show", "echo");
    assertEquals(0, show.exitCode(), show::toString);
    assertTrue(
        show.out().startsWith("function    " + market.consumer.id() + "/echo\n"), show::toString);
    assertTrue(show.out().contains("version     2 of 2\n"), show::toString);
    assertTrue(show.out().contains("  1  " + Crypto.sha256Hex(WASM) + "  "), show::toString);
    assertTrue(show.out().contains("  2  " + Crypto.sha256Hex(NEWER) + "  "), show::toString);

    JsonNode json = Json.tree(cli("function", "show", "echo", "--json").out());
    assertEquals(2, json.get("versionHistory").size());
    assertEquals(Crypto.sha256Hex(WASM), json.get("versionHistory").get(0).get("digest").asText());
    assertEquals(5000, json.get("versionHistory").get(0).get("maxPricePerInvocation").asLong());
    assertEquals(1_000_000, json.get("maxPricePerInvocation").asLong());
  }

  @Test
  void showingAnUnknownFunctionFailsWithItsCode() {
    Cli show = cli("function", "show", "nope");
    assertEquals(ExitCodes.FAILED, show.exitCode(), show::toString);
    assertTrue(show.stderr().contains("[NOT_FOUND"), show::toString);
    assertEquals("", show.out());
  }

  @Test
  void retirePrintsTheRetirementAndListShowsIt() throws Exception {
    deploy("echo");
    Cli retire = cli("function", "retire", "echo");
    assertEquals(0, retire.exitCode(), retire::toString);
    assertEquals(
        market.consumer.id() + "/echo retired at " + java.time.Instant.ofEpochMilli(43) + "\n",
        retire.out());
    assertTrue(retire.stderr().contains("FUNCTION_RETIRED"), retire::toString);
    assertTrue(ledger.function(market.consumer.id() + "/echo").contains("\"retiredAt\":43"));

    Cli list = cli("function", "list");
    assertTrue(list.out().contains(" retired "), list::toString);
    JsonNode json = Json.tree(cli("function", "list", "--json").out()).get(0);
    assertEquals("retired", json.get("status").asText());
    assertEquals(43, json.get("retiredAt").asLong());
    assertTrue(cli("function", "show", "echo").out().contains("status      retired at "));

    Cli again = cli("function", "retire", "echo");
    assertEquals(ExitCodes.FAILED, again.exitCode(), again::toString);
    assertTrue(again.stderr().contains("[FUNCTION_RETIRED"), again::toString);
    assertEquals("", again.out());
  }

  @Test
  void retiringAFunctionOfAnotherConsumerIsRefused() throws Exception {
    io.edgemarket.model.crypto.Identity other =
        market.ca.enroll("consumer-2", io.edgemarket.model.Role.CONSUMER);
    ledger.register(other);
    Path wasm = Files.write(tmp.resolve("theirs.wasm"), WASM);
    try (var theirs =
        io.edgemarket.sdk.EdgeMarket.builder().broker(broker.uri()).identity(other).build()) {
      theirs.deploy("echo", Files.readAllBytes(wasm), io.edgemarket.sdk.DeployOptions.defaults());
    }
    String id = other.id() + "/echo";
    Cli retire = cli("function", "retire", id);
    assertEquals(ExitCodes.FAILED, retire.exitCode(), retire::toString);
    assertTrue(retire.stderr().contains("[FORBIDDEN"), retire::toString);
    assertTrue(!ledger.function(id).contains("retiredAt"));
    Cli unknown = cli("function", "retire", "nope");
    assertTrue(unknown.stderr().contains("[NOT_FOUND"), unknown::toString);
  }

  @Test
  void everyNewCommandExplainsItself() {
    for (String sub : new String[] {"list", "show", "retire"}) {
      Cli help = Cli.run("function", sub, "--help");
      assertEquals(0, help.exitCode(), help::toString);
      assertTrue(help.out().contains("Usage: edgemarket function " + sub), help::toString);
    }
    assertTrue(Cli.run("function", "retire", "--help").out().contains("FUNCTION_RETIRED"));
  }
}
