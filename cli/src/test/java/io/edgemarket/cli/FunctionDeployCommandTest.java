package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.json.Json;
import io.edgemarket.testing.ImageTars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code function deploy} with --image or --wasm (exactly one) against a fake broker. */
class FunctionDeployCommandTest extends FakeMarketFixture {
  @Test
  void anImageTarIsDeployedAsAnOciFunction() throws Exception {
    byte[] tar = ImageTars.dockerSave("resize");
    Path image = Files.write(tmp.resolve("resize.tar"), tar);
    Cli cli = cli("function", "deploy", "--name", "resize", "--image", image.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    String id = market.consumer.id() + "/resize";
    assertEquals(id + " " + Crypto.sha256Hex(tar) + "\n", cli.out());
    assertTrue(
        cli.stderr().contains("deployed " + id + " (runtime oci, " + tar.length), cli::toString);
    FunctionSpec registered = Json.read(ledger.function(id), FunctionSpec.class);
    assertEquals(FunctionSpec.RUNTIME_OCI, registered.runtime());
    assertEquals(Crypto.sha256Hex(tar), registered.digest());
    assertArrayEquals(tar, broker.invocations.blobs.get(registered.digest()));
  }

  @Test
  void exactlyOneOfWasmAndImageIsAllowed() throws Exception {
    Path wasm = Files.write(tmp.resolve("m.wasm"), WASM);
    Path image = Files.write(tmp.resolve("i.tar"), ImageTars.dockerSave("both"));
    Cli both =
        cli(
            "function",
            "deploy",
            "--name",
            "x",
            "--wasm",
            wasm.toString(),
            "--image",
            image.toString());
    assertEquals(ExitCodes.USAGE, both.exitCode(), both::toString);
    assertTrue(both.stderr().contains("mutually exclusive"), both::toString);
    Cli neither = cli("function", "deploy", "--name", "x");
    assertEquals(ExitCodes.USAGE, neither.exitCode(), neither::toString);
    assertTrue(
        neither.stderr().contains("Missing required argument")
            && neither.stderr().contains("--wasm=FILE | --image=FILE.tar"),
        neither::toString);
    assertNull(ledger.function(market.consumer.id() + "/x"), "nothing was deployed");
  }

  @Test
  void aTarThatDockerSaveDidNotWriteIsAUsageError() throws Exception {
    Path bare = Files.write(tmp.resolve("bare.tar"), ImageTars.tar(Map.of("layer.tar", WASM)));
    Cli cli = cli("function", "deploy", "--name", "bare", "--image", bare.toString());
    assertEquals(ExitCodes.USAGE, cli.exitCode(), cli::toString);
    assertEquals(
        "edgemarket: "
            + bare
            + " is not a container image saved with docker save: a tar archive without"
            + " manifest.json at its top level (not written by docker save)\n",
        cli.stderr());
    Cli missing = cli("function", "deploy", "--name", "gone", "--image", tmp + "/gone.tar");
    assertEquals(ExitCodes.USAGE, missing.exitCode(), missing::toString);
    assertTrue(missing.stderr().startsWith("edgemarket: cannot read --image"), missing::toString);
    assertTrue(broker.invocations.blobs.isEmpty());
  }

  @Test
  void trustSampleAndMinimumStakeReachTheRegisteredSpec() throws Exception {
    Path wasm = Files.write(tmp.resolve("checked.wasm"), WASM);
    Cli cli =
        cli(
            "function",
            "deploy",
            "--name",
            "checked",
            "--wasm",
            wasm.toString(),
            "--trust",
            "redundant",
            "--sample",
            "1.0",
            "--min-stake",
            "500",
            "--max-fuel",
            "123456");
    assertEquals(0, cli.exitCode(), cli::toString);
    assertTrue(cli.stderr().contains("max fuel 123456)"), cli::toString);
    assertTrue(cli.stderr().contains("trust redundant (sample 1, min stake 500)"), cli::toString);
    FunctionSpec spec =
        Json.read(ledger.function(market.consumer.id() + "/checked"), FunctionSpec.class);
    assertEquals(io.edgemarket.model.TrustLevel.REDUNDANT, spec.trustLevel());
    assertEquals(1_000_000L, spec.samplePpm());
    assertEquals(500L, spec.minStake());
    assertEquals(123_456L, spec.maxFuel());

    Path plainWasm = Files.write(tmp.resolve("plain.wasm"), WASM);
    Cli plain = cli("function", "deploy", "--name", "plain", "--wasm", plainWasm.toString());
    assertEquals(0, plain.exitCode(), plain::toString);
    assertTrue(plain.stderr().contains("trust receipt, max price"), plain::toString);
    FunctionSpec defaults =
        Json.read(ledger.function(market.consumer.id() + "/plain"), FunctionSpec.class);
    assertEquals(100_000L, defaults.samplePpm());
    assertEquals(0L, defaults.minStake());
    assertEquals(FunctionSpec.DEFAULT_MAX_FUEL, defaults.maxFuel());
    Cli none =
        cli("function", "deploy", "--name", "z", "--wasm", plainWasm.toString(), "--max-fuel", "0");
    assertEquals(ExitCodes.USAGE, none.exitCode(), none::toString);
    assertTrue(none.stderr().contains("--max-fuel"), none::toString);
  }

  @Test
  void aBadSampleAndReexecutingAnImageAreUsageErrors() throws Exception {
    Path wasm = Files.write(tmp.resolve("s.wasm"), WASM);
    for (String bad : new String[] {"1.5", "-0.1", "lots", "0.0000001"}) {
      Cli cli =
          cli("function", "deploy", "--name", "s", "--wasm", wasm.toString(), "--sample", bad);
      assertEquals(ExitCodes.USAGE, cli.exitCode(), cli::toString);
      assertTrue(cli.stderr().contains("--sample"), cli::toString);
    }
    Path image = Files.write(tmp.resolve("rx.tar"), ImageTars.dockerSave("rx"));
    Cli rx =
        cli(
            "function",
            "deploy",
            "--name",
            "rx",
            "--image",
            image.toString(),
            "--trust",
            "reexecute");
    assertEquals(ExitCodes.USAGE, rx.exitCode(), rx::toString);
    assertTrue(rx.stderr().contains("containers are not"), rx::toString);
    assertTrue(broker.invocations.blobs.isEmpty(), "nothing was uploaded");
    assertNull(ledger.function(market.consumer.id() + "/s"));
  }

  @Test
  void helpExplainsBothKindsOfCode() {
    Cli help = Cli.run("function", "deploy", "--help");
    assertEquals(0, help.exitCode(), help::toString);
    // The synopsis wraps where picocli likes (it grew with --sample and --min-stake).
    assertTrue(
        help.out().replaceAll("\\s+", "").contains("(--wasm=FILE|--image=FILE.tar)"),
        help::toString);
    assertTrue(help.out().contains("--sample=FRACTION"), help::toString);
    assertTrue(help.out().contains("--min-stake=N"), help::toString);
    assertTrue(help.out().contains("--max-fuel=N"), help::toString);
    assertTrue(help.out().contains("docker save"), help::toString);
    assertTrue(help.out().contains("runtime oci"), help::toString);
  }
}
