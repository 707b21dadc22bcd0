package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {
  @Test
  void sizes() {
    assertEquals(64L << 20, Units.parseSize("64MiB"));
    assertEquals(512L << 10, Units.parseSize("512KiB"));
    assertEquals(1L << 30, Units.parseSize("1gib"));
    assertEquals(100, Units.parseSize("100B"));
    assertEquals(4096, Units.parseSize("4096"));
    assertEquals(2L << 20, Units.parseSize(" 2 MiB "));
  }

  @Test
  void badSizesSayWhatIsExpected() {
    for (String bad : new String[] {"64MB", "1.5MiB", "-1KiB", "MiB", "", "64 mebibytes"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Units.parseSize(bad));
      assertTrue(e.getMessage().contains("KiB, MiB or GiB"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Units.parseSize("9999999999999GiB"));
  }

  @Test
  void durations() {
    assertEquals(Duration.ofSeconds(10), Units.parseDuration("10s"));
    assertEquals(Duration.ofMillis(500), Units.parseDuration("500ms"));
    assertEquals(Duration.ofMinutes(2), Units.parseDuration("2m"));
    assertEquals(Duration.ofHours(1), Units.parseDuration("1H"));
    assertEquals(Duration.ofSeconds(90), Units.parseDuration("PT1M30S"));
  }

  @Test
  void badDurationsNeedAUnit() {
    for (String bad : new String[] {"10", "1.5s", "10sec", "-5s", "s"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Units.parseDuration(bad));
      assertTrue(e.getMessage().contains("ms, s, m or h"), e.getMessage());
    }
  }
}
