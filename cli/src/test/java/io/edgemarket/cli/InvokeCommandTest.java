package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** invoke against a fake broker: exact stdout bytes, JSON, exit codes. */
class InvokeCommandTest extends FakeMarketFixture {
  @Test
  void invokePrintsExactlyTheOutputBytes() throws Exception {
    deploy("upper");
    Cli cli = cli("invoke", "upper", "--input", "héllo wörld\n");
    assertEquals(0, cli.exitCode(), cli::toString);
    assertArrayEquals("HÉLLO WÖRLD\n".getBytes(StandardCharsets.UTF_8), cli.stdout());
    assertTrue(cli.stderr().contains("ok on " + market.provider.id()), cli::toString);
  }

  @Test
  void hedgeAfterTravelsInThePlacementAndIsCheckedFirst() throws Exception {
    deploy("upper");
    Cli cli = cli("invoke", "upper", "--input", "hedged", "--hedge-after", "50");
    assertEquals(0, cli.exitCode(), cli::toString);
    assertEquals("HEDGED", cli.out());
    var sent = broker.invocations.requests.get(broker.invocations.requests.size() - 1);
    assertEquals(50L, sent.placement().hedgeAfterMillis());

    for (String bad : new String[] {"0", "60001", "-1"}) {
      Cli refused = cli("invoke", "upper", "--input", "x", "--hedge-after", bad);
      assertEquals(ExitCodes.USAGE, refused.exitCode(), refused::toString);
      assertTrue(refused.stderr().contains("--hedge-after"), refused::toString);
    }
  }

  @Test
  void invokeReadsStdinOrAFileAndKeepsBinaryIntact() throws Exception {
    deploy("echo");
    byte[] binary = {0, 1, 2, (byte) 0xff, '\n', (byte) 0xc3};
    Cli fromStdin = cli(binary, "invoke", "echo");
    assertArrayEquals(binary, fromStdin.stdout(), fromStdin::toString);
    Path file = Files.write(tmp.resolve("in.bin"), binary);
    Cli fromFile = cli("invoke", "echo", "--input-file", file.toString(), "--async");
    assertArrayEquals(binary, fromFile.stdout(), fromFile::toString);
  }

  @Test
  void invokeJsonIsOneObject() throws Exception {
    deploy("upper");
    Cli cli = cli("invoke", "upper", "--input", "abc", "--json", "--max-price", "4000");
    assertEquals(0, cli.exitCode(), cli::toString);
    JsonNode json = Json.tree(cli.out());
    List<String> fields = new ArrayList<>();
    json.fieldNames().forEachRemaining(fields::add);
    assertEquals(
        List.of(
            "output",
            "outputBase64",
            "status",
            "invocationId",
            "receiptId",
            "cost",
            "provider",
            "error"),
        fields);
    assertEquals("ABC", json.get("output").asText());
    assertEquals("QUJD", json.get("outputBase64").asText());
    assertEquals("OK", json.get("status").asText());
    assertEquals(json.get("invocationId").asText(), json.get("receiptId").asText());
    assertTrue(json.get("cost").asLong() > 0);
    assertEquals(market.provider.id(), json.get("provider").asText());
    assertTrue(json.get("error").isNull());
    assertEquals(4000, broker.invocations.requests.get(0).ticket().maxPrice());
  }

  @Test
  void invokeLogsPrintsTheFunctionsLogsOnStderrAfterTheOutput() throws Exception {
    deploy("upper");

    Cli cli = cli("invoke", "upper", "--input", "abc", "--logs");

    assertEquals(0, cli.exitCode(), cli::toString);
    assertEquals("ABC", cli.out(), "stdout holds the output alone");
    assertTrue(
        cli.stderr().contains("logs of invocation ")
            && cli.stderr().contains(":\nran upper on 3 bytes\nedgemarket: end of logs\n"),
        cli::toString);
    Cli json = cli("invoke", "upper", "--input", "abcd", "--logs", "--json");
    assertEquals("ran upper on 4 bytes\n", Json.tree(json.out()).get("logs").asText());
    Cli without = cli("invoke", "upper", "--input", "abc");
    assertFalse(without.stderr().contains("ran upper"), without::toString);
  }

  @Test
  void invokeLogsOfAFunctionThatIsNotYoursSaysThereAreNone() throws Exception {
    deploy("upper");
    broker.invocations.tamper = InvocationResult::withoutLogs;

    Cli cli = cli("invoke", "upper", "--input", "abc", "--logs");

    assertEquals(0, cli.exitCode(), cli::toString);
    assertTrue(cli.stderr().contains("edgemarket: no logs"), cli::toString);
  }

  @Test
  void functionErrorExitsOne() throws Exception {
    deploy("fail");
    Cli cli = cli("invoke", "fail", "--input", "x");
    assertEquals(ExitCodes.FUNCTION_ERROR, cli.exitCode(), cli::toString);
    assertEquals("boom", cli.out());
    assertTrue(
        cli.stderr().contains("function error in fail: function trapped: boom"), cli::toString);
    Cli json = cli("invoke", "fail", "--input", "x", "--json");
    assertEquals(ExitCodes.FUNCTION_ERROR, json.exitCode());
    assertEquals("FUNCTION_ERROR", Json.tree(json.out()).get("status").asText());
  }

  @Test
  void failedOrRefusedInvocationExitsTwo() throws Exception {
    deploy("unavailable");
    Cli failed = cli("invoke", "unavailable", "--input", "x");
    assertEquals(ExitCodes.FAILED, failed.exitCode(), failed::toString);
    assertEquals("", failed.out());
    assertTrue(failed.stderr().contains("no provider could run it"), failed::toString);
    Cli json = cli("invoke", "unavailable", "--input", "x", "--json");
    assertEquals("FAILED", Json.tree(json.out()).get("status").asText(), json::toString);
    Cli unknown = cli("invoke", "nope", "--input", "x");
    assertEquals(ExitCodes.FAILED, unknown.exitCode(), unknown::toString);
    assertTrue(unknown.stderr().contains("NOT_FOUND"), unknown::toString);
  }

  @Test
  void lyingBrokerIsNotBelieved() throws Exception {
    deploy("echo");
    broker.invocations.tamper =
        r ->
            new io.edgemarket.model.api.InvocationResult(
                r.invocationId(),
                r.status(),
                "forged".getBytes(StandardCharsets.UTF_8),
                r.error(),
                r.receipt(),
                r.cost(),
                r.providerId(),
                r.settlement(),
                r.batchId());
    Cli cli = cli("invoke", "echo", "--input", "x");
    assertEquals(ExitCodes.FAILED, cli.exitCode(), cli::toString);
    assertEquals("", cli.out());
    assertTrue(cli.stderr().contains("output does not match"), cli::toString);
  }
}
