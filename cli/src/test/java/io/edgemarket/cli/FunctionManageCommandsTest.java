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
        String.format(FunctionListCommand.ROW, "NAME", "VERSION", "RUNTIME", "TRUST", "DIGEST")
            + String.format(
                FunctionListCommand.ROW, "echo", 2, "wasm", "redundant", Crypto.sha256Hex(NEWER))
            + String.format(
                FunctionListCommand.ROW, "upper", 1, "wasm", "receipt", Crypto.sha256Hex(WASM)),
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
  void everyNewCommandExplainsItself() {
    for (String sub : new String[] {"list", "show"}) {
      Cli help = Cli.run("function", sub, "--help");
      assertEquals(0, help.exitCode(), help::toString);
      assertTrue(help.out().contains("Usage: edgemarket function " + sub), help::toString);
      assertTrue(help.out().contains("--json"), help::toString);
    }
  }
}
