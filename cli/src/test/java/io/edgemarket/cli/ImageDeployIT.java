package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.broker.Broker;
import io.edgemarket.cli.market.MarketDir;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.testing.HostileImageTars;
import io.edgemarket.testing.ImageTars;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code function deploy --image} against a real broker on its embedded ledger: the tar is streamed
 * into the broker's blob store and the function is registered with runtime oci; invoking it on a
 * market without an oci provider is refused and costs nothing.
 */
class ImageDeployIT {
  @TempDir Path tmp;

  @Test
  void anImageIsStoredRegisteredAndRefusedWithoutAnOciProvider() throws Exception {
    MarketDir dir = new MarketDir(tmp.resolve("market"));
    CertificateAuthority ca = dir.authority();
    Identity brokerId = dir.ensureIdentity(ca, "broker", Role.BROKER);
    Identity admin = dir.ensureIdentity(ca, "admin", Role.ADMIN);
    Identity consumer = dir.ensureIdentity(ca, "consumer", Role.CONSUMER);
    // A layer above the progress threshold, so the upload reports on stderr.
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("layer/layer.tar", new byte[(int) UploadLines.REPORTED_FROM_BYTES + 4096]);
    entries.put("config.json", "{}".getBytes(StandardCharsets.UTF_8));
    entries.put(
        "manifest.json",
        "[{\"Config\":\"config.json\",\"Layers\":[\"layer/layer.tar\"]}]"
            .getBytes(StandardCharsets.UTF_8));
    byte[] tar = ImageTars.tar(entries);
    Path image = Files.write(tmp.resolve("resize.tar"), tar);
    String digest = Crypto.sha256Hex(tar);

    try (Broker broker =
        Broker.builder()
            .dataDir(dir.brokerData())
            .port(0)
            .ca(ca)
            .identity(brokerId)
            .build()
            .start()) {
      LedgerGateway asAdmin = broker.gateway(admin);
      asAdmin.submit(Transactions.REGISTER_PARTICIPANT);
      String[] where = {"--broker", broker.url(), "--data", dir.root().toString()};
      HostileImageTars.Case hostile = HostileImageTars.cases().get(0);
      Path bad = Files.write(tmp.resolve("hostile.tar"), hostile.tar());

      Cli refused = run(where, "function", "deploy", "--name", "resize", "--image", bad.toString());

      assertEquals(ExitCodes.USAGE, refused.exitCode(), refused::toString);
      assertTrue(refused.stderr().contains(hostile.problem()), refused::toString);
      assertFalse(
          Files.exists(dir.brokerData().resolve("blobs").resolve(Crypto.sha256Hex(hostile.tar()))));
      Cli show = run(where, "function", "show", "resize");
      assertTrue(show.exitCode() != ExitCodes.OK, "no function was registered: " + show);

      Cli deploy =
          run(where, "function", "deploy", "--name", "resize", "--image", image.toString());

      assertEquals(0, deploy.exitCode(), deploy::toString);
      String id = consumer.id() + "/resize";
      assertEquals(id + " " + digest + "\n", deploy.out());
      assertTrue(deploy.stderr().contains("of " + tar.length + " bytes (100%)"), deploy::toString);
      FunctionSpec spec =
          Json.read(asAdmin.evaluate(Transactions.GET_FUNCTION, id), FunctionSpec.class);
      assertEquals(FunctionSpec.RUNTIME_OCI, spec.runtime());
      assertEquals(digest, spec.digest());
      assertArrayEquals(tar, Files.readAllBytes(dir.brokerData().resolve("blobs").resolve(digest)));

      asAdmin.submit(Transactions.CREDIT_ESCROW, consumer.id(), "5000", "test escrow");
      Cli invoke = run(where, "invoke", "resize", "--input", "photo");
      assertEquals(ExitCodes.FAILED, invoke.exitCode(), invoke::toString);
      assertTrue(
          invoke.stderr().contains("no provider offers runtime oci [NO_PROVIDER, HTTP 503]"),
          invoke::toString);
      Cli balance = run(where, "balance");
      assertEquals(consumer.id() + " 5000\n", balance.out(), balance::toString);
    }
  }

  private static Cli run(String[] where, String... args) {
    String[] all = new String[args.length + where.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(where, 0, all, args.length, where.length);
    return Cli.run(all);
  }
}
