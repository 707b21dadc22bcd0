package io.edgemarket.sdk;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.sdk.testing.FakeBroker;
import io.edgemarket.sdk.testing.FakeLedger;
import io.edgemarket.sdk.testing.TestMarket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A registered, funded market behind a fake broker, and a client of it as the consumer. */
abstract class ClientFixture {
  static final byte[] WASM = "\0asm fake module".getBytes(StandardCharsets.UTF_8);

  final TestMarket market = new TestMarket();
  final FakeLedger ledger = new FakeLedger();
  FakeBroker broker;
  EdgeMarket client;

  @BeforeEach
  void start() throws Exception {
    ledger.register(market.admin, market.broker, market.auditor, market.consumer, market.provider);
    ledger.books.credit(market.consumer.id(), 1_000_000);
    broker = new FakeBroker(market, ledger);
    client =
        EdgeMarket.builder()
            .broker(broker.uri())
            .identity(market.consumer)
            .trustRoot(market.ca.certificate())
            .timeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterEach
  void stop() {
    client.close();
    broker.close();
  }

  FunctionSpec deploy(String name) throws DeployException {
    return client.deploy(name, WASM, DeployOptions.defaults().withMaxPricePerInvocation(5_000));
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
