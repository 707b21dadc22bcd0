package io.edgemarket.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.json.Json;
import org.junit.jupiter.api.Test;

/** A function's fuel limit, and how specs written before it existed read and write. */
class FunctionSpecFuelTest {
  // As the ledger stored a function before maxFuel existed (samplePpm and minStake included).
  private static final String OLD_JSON =
      "{\"functionId\":\"c@Org/echo\",\"name\":\"echo\",\"ownerId\":\"c@Org\","
          + "\"digest\":\""
          + "ab".repeat(32)
          + "\",\"runtime\":\"wasm\",\"memoryLimitBytes\":67108864,\"timeoutMs\":10000,"
          + "\"trustLevel\":\"RECEIPT\",\"maxPricePerInvocation\":1000000,\"registeredAt\":5,"
          + "\"samplePpm\":100000,\"minStake\":0}";

  @Test
  void aSpecWrittenBeforeFuelLimitsReadsAsUnboundedAndWritesBackUnchanged() {
    FunctionSpec old = Json.read(OLD_JSON, FunctionSpec.class);
    assertNull(old.maxFuel());
    assertEquals(Long.MAX_VALUE, old.fuelLimit());
    assertEquals(OLD_JSON, Json.write(old), "no maxFuel key appears in old records");
    assertNull(old.registeredBy("c@Org", 6).maxFuel());
  }

  @Test
  void aFuelLimitTravelsThroughJsonAndEveryCopyOfTheSpec() {
    FunctionSpec spec =
        Json.read(OLD_JSON, FunctionSpec.class).withMaxFuel(FunctionSpec.DEFAULT_MAX_FUEL);
    String json = Json.write(spec);
    assertTrue(json.contains("\"maxFuel\":1000000000"), json);
    assertEquals(spec, Json.read(json, FunctionSpec.class));
    assertEquals(1_000_000_000L, spec.registeredBy("d@Org", 7).fuelLimit());
    assertEquals(1_000_000_000L, spec.withTrust(TrustLevel.REDUNDANT, 1, 2).fuelLimit());
    assertFalse(Json.write(spec.withMaxFuel(null)).contains("maxFuel"));
  }

  @Test
  void aNegativeFuelLimitIsRefused() {
    FunctionSpec spec = Json.read(OLD_JSON, FunctionSpec.class);
    assertThrows(IllegalArgumentException.class, () -> spec.withMaxFuel(-1L));
  }
}
