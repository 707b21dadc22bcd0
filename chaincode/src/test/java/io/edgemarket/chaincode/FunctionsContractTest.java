package io.edgemarket.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.HistoryEntry;
import io.edgemarket.testing.InvocationSamples;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionsContractTest {
  private final Market market = new Market();

  @Test
  void aFunctionIsStoredUnderItsOwnerWhateverTheRequestSays() {
    FunctionSpec claimed =
        new FunctionSpec(
            "x/y",
            "echo",
            "someone",
            InvocationSamples.DIGEST,
            "wasm",
            1024,
            1000,
            TrustLevel.REEXECUTE,
            5,
            99);
    FunctionSpec stored =
        Market.read(
            market.submit(
                market.consumer,
                ctx -> market.functions.registerFunction(ctx, Json.write(claimed))),
            FunctionSpec.class);
    assertEquals(market.consumer.id() + "/echo", stored.functionId());
    assertEquals(market.consumer.id(), stored.ownerId());
    assertEquals(market.now(), stored.registeredAt());
    assertEquals(TrustLevel.REEXECUTE, stored.trustLevel());
    assertEquals(
        stored,
        Market.read(
            market.evaluate(
                market.provider, ctx -> market.functions.getFunction(ctx, stored.functionId())),
            FunctionSpec.class));
  }

  @Test
  void reRegisteringReplacesTheSpecAndHistoryKeepsTheOldOne() {
    String id = market.registerFunction(market.consumer, "echo");
    String newer = Json.write(InvocationSamples.function("echo", "ab".repeat(32)));
    market.submit(market.consumer, ctx -> market.functions.registerFunction(ctx, newer));
    FunctionSpec current =
        Market.read(
            market.evaluate(market.consumer, ctx -> market.functions.getFunction(ctx, id)),
            FunctionSpec.class);
    assertEquals("ab".repeat(32), current.digest());
    List<HistoryEntry> history =
        Json.read(
            market.evaluate(market.auditor, ctx -> market.audit.getHistory(ctx, "function", id)),
            new TypeReference<List<HistoryEntry>>() {});
    assertEquals(2, history.size());
    assertEquals(InvocationSamples.DIGEST, history.get(1).value().get("digest").asText());
  }

  @Test
  void invalidSpecsAreBadRequests() {
    List<FunctionSpec> bad =
        List.of(
            new FunctionSpec(
                null, "-dash", null, InvocationSamples.DIGEST, "wasm", 1, 1, null, 0, 0),
            new FunctionSpec(
                null, "a".repeat(65), null, InvocationSamples.DIGEST, "wasm", 1, 1, null, 0, 0),
            new FunctionSpec(
                null,
                "ok",
                null,
                InvocationSamples.DIGEST.toUpperCase(java.util.Locale.ROOT),
                "wasm",
                1,
                1,
                null,
                0,
                0),
            new FunctionSpec(null, "ok", null, "abc", "wasm", 1, 1, null, 0, 0),
            new FunctionSpec(
                null, "ok", null, InvocationSamples.DIGEST, "docker", 1, 1, null, 0, 0),
            new FunctionSpec(null, "ok", null, InvocationSamples.DIGEST, "wasm", 0, 1, null, 0, 0),
            new FunctionSpec(
                null, "ok", null, InvocationSamples.DIGEST, "wasm", (4L << 30) + 1, 1, null, 0, 0),
            new FunctionSpec(null, "ok", null, InvocationSamples.DIGEST, "wasm", 1, 0, null, 0, 0),
            new FunctionSpec(
                null, "ok", null, InvocationSamples.DIGEST, "wasm", 1, 900_001, null, 0, 0),
            new FunctionSpec(
                null, "ok", null, InvocationSamples.DIGEST, "wasm", 1, 1, null, -1, 0));
    for (FunctionSpec spec : bad) {
      market.fails(
          ErrorCodes.BAD_REQUEST,
          market.consumer,
          ctx -> market.functions.registerFunction(ctx, Json.write(spec)));
    }
    market.fails(
        ErrorCodes.BAD_REQUEST,
        market.consumer,
        ctx -> market.functions.registerFunction(ctx, "{\"name\":\"ok\"}"));
    // Fields the ledger decides may be left out.
    String minimal =
        "{\"name\":\"ok\",\"digest\":\""
            + InvocationSamples.DIGEST
            + "\",\"memoryLimitBytes\":1024,\"timeoutMs\":10,"
            + "\"maxPricePerInvocation\":3}";
    market.submit(market.consumer, ctx -> market.functions.registerFunction(ctx, minimal));
  }

  @Test
  void aFuelLimitIsStoredAsGivenAbsentStaysAbsentAndBelowOneIsRefused() {
    FunctionSpec capped = InvocationSamples.function("capped").withMaxFuel(5_000L);
    FunctionSpec stored =
        Market.read(
            market.submit(
                market.consumer, ctx -> market.functions.registerFunction(ctx, Json.write(capped))),
            FunctionSpec.class);
    assertEquals(5_000L, stored.maxFuel());
    FunctionSpec old =
        Market.read(
            market.submit(
                market.consumer,
                ctx ->
                    market.functions.registerFunction(
                        ctx, Json.write(InvocationSamples.function("old")))),
            FunctionSpec.class);
    assertEquals(null, old.maxFuel(), "an older client's spec keeps no limit");
    for (String fuel : List.of("0", "-1", "\"many\"")) {
      String json = Json.write(capped).replace("\"maxFuel\":5000", "\"maxFuel\":" + fuel);
      market.fails(
          ErrorCodes.BAD_REQUEST,
          market.consumer,
          ctx -> market.functions.registerFunction(ctx, json));
    }
  }

  @Test
  void containerImagesAreFunctionsTooAndOtherRuntimesAreNamed() {
    FunctionSpec image =
        new FunctionSpec(
            null, "resize", null, InvocationSamples.DIGEST, "oci", 256L << 20, 5000, null, 10, 0);
    FunctionSpec stored =
        Market.read(
            market.submit(
                market.consumer, ctx -> market.functions.registerFunction(ctx, Json.write(image))),
            FunctionSpec.class);
    assertEquals(FunctionSpec.RUNTIME_OCI, stored.runtime());
    assertEquals(market.consumer.id() + "/resize", stored.functionId());
    String jvm =
        Json.write(
            new FunctionSpec(null, "x", null, InvocationSamples.DIGEST, "jvm", 1, 1, null, 0, 0));
    String message =
        market.fails(
            ErrorCodes.BAD_REQUEST,
            market.consumer,
            ctx -> market.functions.registerFunction(ctx, jvm));
    assertEquals(
        "BAD_REQUEST: runtime must be wasm (a WASI module) or oci (a container image), not jvm",
        message);
  }

  @Test
  void onlyConsumersRegisterFunctions() {
    String spec = Json.write(InvocationSamples.function("echo", InvocationSamples.DIGEST));
    market.fails(
        ErrorCodes.FORBIDDEN, market.provider, ctx -> market.functions.registerFunction(ctx, spec));
  }

  @Test
  void functionsAreListedPerOwnerAndEveryoneMayUseAName() {
    market.registerFunction(market.consumer, "echo");
    market.registerFunction(market.consumer, "resize");
    market.registerFunction(market.consumer2, "echo");
    assertEquals(
        List.of(market.consumer.id() + "/echo", market.consumer.id() + "/resize"),
        ids(
            market.evaluate(
                market.broker, ctx -> market.functions.listFunctions(ctx, market.consumer.id()))));
    assertEquals(
        3,
        ids(market.evaluate(market.broker, ctx -> market.functions.listFunctions(ctx, ""))).size());
    market.fails(
        ErrorCodes.NOT_FOUND,
        market.broker,
        ctx -> market.functions.getFunction(ctx, market.consumer2.id() + "/resize"));
    market.fails(
        ErrorCodes.NOT_FOUND, market.broker, ctx -> market.functions.getFunction(ctx, "no-slash"));
  }

  private static List<String> ids(String json) {
    return Json.read(json, new TypeReference<List<FunctionSpec>>() {}).stream()
        .map(FunctionSpec::functionId)
        .toList();
  }
}
