package io.edgemarket.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.sdk.testing.FakeLedger;
import io.edgemarket.sdk.testing.TestMarket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every argument is checked where it is given, and the message names it. */
class BuilderAndOptionsTest {
  static final TestMarket MARKET = new TestMarket();
  static final URI BROKER = URI.create("http://127.0.0.1:8080");

  static void assertNames(Class<? extends Throwable> type, String name, Executable call) {
    Throwable e = assertThrows(type, call);
    assertTrue(
        String.valueOf(e.getMessage()).contains(name),
        () -> e.getMessage() + " should name " + name);
  }

  @Test
  void builderNamesTheBadArgument() {
    assertNames(
        NullPointerException.class,
        "broker",
        () -> EdgeMarket.builder().identity(MARKET.consumer).build());
    assertNames(
        NullPointerException.class, "identity", () -> EdgeMarket.builder().broker(BROKER).build());
    assertNames(
        IllegalArgumentException.class,
        "broker",
        () -> EdgeMarket.builder().broker(URI.create("ftp://x")));
    assertNames(
        IllegalArgumentException.class,
        "host",
        () -> EdgeMarket.builder().broker(URI.create("http:/nohost")));
    assertNames(
        IllegalArgumentException.class,
        "timeout",
        () -> EdgeMarket.builder().timeout(Duration.ZERO));
    assertNames(
        NullPointerException.class, "trustRoot", () -> EdgeMarket.builder().trustRoot(null));
    assertNames(
        IllegalArgumentException.class,
        "not a consumer",
        () ->
            EdgeMarket.builder()
                .broker(BROKER)
                .identity(MARKET.ca.enroll("orderer0", io.edgemarket.model.Role.ORDERER))
                .build());
    CertificateAuthority other = CertificateAuthority.create("OtherMSP");
    assertNames(
        IllegalArgumentException.class,
        "trustRoot",
        () ->
            EdgeMarket.builder()
                .broker(BROKER)
                .identity(MARKET.consumer)
                .trustRoot(other.certificate())
                .build());
    assertNames(
        IllegalArgumentException.class,
        "ledger",
        () ->
            EdgeMarket.builder()
                .broker(BROKER)
                .identity(MARKET.consumer)
                .ledger(new FakeLedger().as(MARKET.auditor))
                .build());
  }

  @Test
  void brokerUrlKeepsOnlySchemeAndAuthority() {
    assertEquals(
        URI.create("http://h:9"), ClientBuilder.validBroker(URI.create("http://h:9/some/path")));
  }

  @Test
  void argumentsOfCallsAreChecked() {
    try (EdgeMarket client =
        EdgeMarket.builder().broker(BROKER).identity(MARKET.consumer).build()) {
      assertNames(
          IllegalArgumentException.class,
          "function name",
          () -> client.deploy("bad name", new byte[1], DeployOptions.defaults()));
      assertNames(
          IllegalArgumentException.class,
          "wasm",
          () -> client.deploy("ok", new byte[0], DeployOptions.defaults()));
      assertNames(
          NullPointerException.class, "options", () -> client.deploy("ok", new byte[1], null));
      assertNames(
          NullPointerException.class,
          "functionName",
          () -> client.invoke(null, new byte[0], InvokeOptions.defaults()));
      assertNames(
          NullPointerException.class,
          "input",
          () -> client.invoke("f", null, InvokeOptions.defaults()));
    }
  }

  @Test
  void deployOptionsDefaultsAndChecks() {
    DeployOptions d = DeployOptions.defaults();
    assertEquals(64L << 20, d.memoryLimitBytes());
    assertEquals(Duration.ofSeconds(10), d.timeout());
    assertEquals(TrustLevel.RECEIPT, d.trustLevel());
    assertEquals(1_000_000, d.maxPricePerInvocation());
    assertEquals(1_000_000_000L, d.maxFuel());
    assertEquals(5_000, d.withMaxFuel(5_000).maxFuel());
    assertEquals(5_000, d.withMaxFuel(5_000).withTimeout(Duration.ofSeconds(1)).maxFuel());
    assertEquals(
        DeployOptions.DEFAULT_MAX_FUEL,
        new DeployOptions(1 << 20, Duration.ofSeconds(1), TrustLevel.RECEIPT, 5, 0, 0).maxFuel(),
        "the constructors without it give the default");
    assertNames(IllegalArgumentException.class, "maxFuel", () -> d.withMaxFuel(0));
    assertNames(
        IllegalArgumentException.class, "memoryLimitBytes", () -> d.withMemoryLimitBytes(0));
    assertNames(
        IllegalArgumentException.class, "timeout", () -> d.withTimeout(Duration.ofNanos(5)));
    assertNames(NullPointerException.class, "trustLevel", () -> d.withTrustLevel(null));
    assertNames(
        IllegalArgumentException.class,
        "maxPricePerInvocation",
        () -> d.withMaxPricePerInvocation(-1));
  }

  @Test
  void invokeOptionsChecks() {
    assertEquals(0, InvokeOptions.defaults().maxPrice());
    assertNames(
        IllegalArgumentException.class,
        "maxPrice",
        () -> InvokeOptions.defaults().withMaxPrice(-5));
    assertNames(
        IllegalArgumentException.class,
        "invocationId",
        () -> InvokeOptions.defaults().withInvocationId(" "));
  }

  @Test
  void hedgeAfterIsPartOfThePlacementAndSurvivesTheOtherPlacementChoices() {
    InvokeOptions hedged =
        InvokeOptions.defaults()
            .hedgeAfter(Duration.ofMillis(50))
            .withRegion("eu")
            .avoiding(java.util.List.of("p1"));
    assertEquals(50L, hedged.placement().hedgeAfterMillis());
    assertEquals("eu", hedged.placement().region());
    assertEquals(null, hedged.hedgeAfter(null).placement().hedgeAfterMillis());
    assertNames(
        IllegalArgumentException.class,
        "hedge",
        () -> InvokeOptions.defaults().hedgeAfter(Duration.ZERO));
    assertNames(
        IllegalArgumentException.class,
        "hedgeAfterMillis",
        () -> InvokeOptions.defaults().hedgeAfter(Duration.ofSeconds(61)));
  }

  @Test
  void unreachableBrokerNamesTheUrl() {
    try (EdgeMarket c =
        EdgeMarket.builder()
            .broker(URI.create("http://127.0.0.1:1"))
            .identity(MARKET.consumer)
            .build()) {
      DeployException e =
          assertThrows(
              DeployException.class,
              () -> c.deploy("echo", ClientFixture.WASM, DeployOptions.defaults()));
      assertTrue(e.isUnreachable(), e::toString);
      assertTrue(e.getMessage().contains("http://127.0.0.1:1"), e.getMessage());
      QueryException q = assertThrows(QueryException.class, c::balance);
      assertEquals(ErrorCodes.UNAVAILABLE, q.code());
    }
  }
}
