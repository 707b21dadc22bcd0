package io.edgemarket.agent.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.edgemarket.model.api.Limits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FunctionLogTest {

  @Test
  void keepsTheFirstBytesAndCountsTheRest() {
    FunctionLog log = new FunctionLog(5);
    log.write("abc".getBytes(StandardCharsets.UTF_8), 0, 3);
    log.write('d');
    log.write("efgh".getBytes(StandardCharsets.UTF_8), 1, 3);
    log.write('i');

    assertEquals("abcdf" + Limits.truncatedLogMarker(3), log.text());
  }

  @Test
  void exactlyTheCapIsNotTruncated() {
    FunctionLog log = new FunctionLog(3);
    log.write("abc".getBytes(StandardCharsets.UTF_8), 0, 3);

    assertEquals("abc", log.text());
  }

  @Test
  void nothingWrittenIsNoLogs() {
    assertNull(new FunctionLog().text());
  }

  @Test
  void aZeroCapStillSaysHowMuchWasDropped() {
    FunctionLog log = new FunctionLog(0);
    log.write('x');

    assertEquals(Limits.truncatedLogMarker(1), log.text());
  }
}
