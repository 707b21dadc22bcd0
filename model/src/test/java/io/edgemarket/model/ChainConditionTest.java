package io.edgemarket.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChainConditionTest {
  private static boolean meets(String condition, String output) {
    return ChainCondition.parse(condition).test(output.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void alwaysAndNonEmpty() {
    assertTrue(meets("always", ""));
    assertTrue(meets("nonEmpty", "x"));
    assertFalse(meets("nonEmpty", ""));
    assertFalse(ChainCondition.parse("nonEmpty").test(null));
  }

  @Test
  void containsLooksForTheTextAsUtf8() {
    assertTrue(meets("contains:ALERT", "ALERT: 150 is 3.2 sigma"));
    assertFalse(meets("contains:ALERT", "ok 50"));
    assertTrue(meets("contains:é:x", "café:x"));
    assertEquals("contains:a:b", ChainCondition.parse("contains:a:b").text());
  }

  @Test
  void jsonComparesTheValueAtThePointer() {
    String out = "{\"anomaly\":true,\"score\":3,\"tags\":[\"a\",\"b\"],\"who\":{\"id\":\"s1\"}}";
    assertTrue(meets("json:/anomaly=true", out));
    assertFalse(meets("json:/anomaly=false", out));
    assertTrue(meets("json:/score=3.0", out));
    assertFalse(meets("json:/score=4", out));
    assertTrue(meets("json:/tags/1=\"b\"", out));
    assertTrue(meets("json:/who={\"id\":\"s1\"}", out));
    assertFalse(meets("json:/missing=null", out));
    assertFalse(meets("json:/anomaly=true", "not json"));
    assertTrue(meets("json:=[1,2]", "[1, 2]"));
  }

  @Test
  void malformedConditionsAreRefusedWithTheReason() {
    assertThrows(IllegalArgumentException.class, () -> ChainCondition.parse("sometimes"));
    assertThrows(IllegalArgumentException.class, () -> ChainCondition.parse("contains:"));
    assertThrows(IllegalArgumentException.class, () -> ChainCondition.parse("json:/a"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> ChainCondition.parse("json:a=1"))
            .getMessage()
            .contains("JSON pointer"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> ChainCondition.parse("json:/a=yes"))
            .getMessage()
            .contains("JSON value"));
    assertThrows(IllegalArgumentException.class, () -> ChainCondition.parse("json:/a=1 2"));
  }

  @Test
  void aChainTriggerNamesItsUpstreamAndCondition() {
    String text = GrantTrigger.chain("org1:alice/detector", "json:/x=\"a:b/c\"");
    assertEquals("chain:org1:alice/detector:json:/x=\"a:b/c\"", text);
    GrantTrigger trigger = GrantTrigger.parse(text);
    assertNull(trigger.problem());
    assertTrue(trigger.isChain());
    assertEquals("org1:alice/detector", trigger.upstream());
    assertEquals("json:/x=\"a:b/c\"", trigger.condition().text());
    assertTrue(GrantTrigger.parse("chain:alice/d:sometimes").problem().contains("condition"));
    assertTrue(GrantTrigger.parse("chain:detector:always").problem().contains("<owner>/<name>"));
    assertTrue(GrantTrigger.parse("chain:alice/bad name:always").problem() != null);
    assertThrows(
        IllegalArgumentException.class,
        () -> GrantTrigger.chain("alice/d", "contains:" + "x".repeat(500)));
  }
}
