package io.edgemarket.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LoadMixOptionsTest {
  @Test
  void allRunsTheThreeMixesAndRatesOverrideOneByOne() {
    LoadMixOptions o =
        LoadMixOptions.parse(
            new String[] {"--data", "d", "--mix", "all", "--rate", "15", "--rates", "iot=40"});
    assertEquals(List.of(Mix.STEADY, Mix.IOT, Mix.ARVR), o.mixes());
    assertEquals(15, o.rate(Mix.STEADY));
    assertEquals(40, o.rate(Mix.IOT));
    assertEquals(1, o.seed());
  }

  @Test
  void oneMixByNameAndUnknownOptionsAreRefused() {
    LoadMixOptions o = LoadMixOptions.parse(new String[] {"--data", "d", "--mix", "arvr"});
    assertEquals(List.of(Mix.ARVR), o.mixes());
    assertThrows(
        IllegalArgumentException.class,
        () -> LoadMixOptions.parse(new String[] {"--data", "d", "--mixes", "all"}));
    assertThrows(
        IllegalArgumentException.class,
        () -> LoadMixOptions.parse(new String[] {"--data", "d", "--rates", "iot=0"}));
  }

  @Test
  void inputsAreSeededAndSensorReadingsAreIntegersTheFunctionParses() {
    byte[] a = Mix.IOT.input(0, new SplittableRandom(9));
    assertArrayEquals(a, Mix.IOT.input(0, new SplittableRandom(9)));
    String readings = new String(a, StandardCharsets.US_ASCII);
    String[] lines = readings.split("\n");
    assertTrue(lines.length >= 1 && lines.length <= 8, readings);
    for (String line : lines) {
      Long.parseLong(line);
    }
    assertEquals(Mix.FRAME_BYTES, Mix.ARVR.input(3, new SplittableRandom(9)).length);
    assertEquals(24, Mix.STEADY.input(7, new SplittableRandom(9)).length);
  }
}
