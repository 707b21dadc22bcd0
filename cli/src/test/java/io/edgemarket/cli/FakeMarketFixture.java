package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgemarket.sdk.testing.FakeBroker;
import io.edgemarket.sdk.testing.FakeLedger;
import io.edgemarket.sdk.testing.TestMarket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A funded market behind a fake broker, its data directory written as `up` would. */
abstract class FakeMarketFixture {
  static final byte[] WASM = "\0asm not really".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;
  final TestMarket market = new TestMarket();
  final FakeLedger ledger = new FakeLedger();
  FakeBroker broker;
  Path data;

  @BeforeEach
  void start() throws Exception {
    ledger.register(market.admin, market.broker, market.auditor, market.consumer, market.provider);
    ledger.books.credit(market.consumer.id(), 1_000_000);
    broker = new FakeBroker(market, ledger);
    data = market.writeDataDir(tmp.resolve("market"));
  }

  @AfterEach
  void stop() {
    broker.close();
  }

  Cli cli(byte[] stdin, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--broker", broker.uri().toString(), "--data", data.toString()));
    return Cli.run(stdin, all.toArray(String[]::new));
  }

  Cli cli(String... args) {
    return cli(new byte[0], args);
  }

  void deploy(String name) throws Exception {
    Path wasm = Files.write(tmp.resolve(name + ".wasm"), WASM);
    Cli cli =
        cli("function", "deploy", "--name", name, "--wasm", wasm.toString(), "--max-price", "5000");
    assertEquals(0, cli.exitCode(), cli::toString);
  }
}
