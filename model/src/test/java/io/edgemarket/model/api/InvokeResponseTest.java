package io.edgemarket.model.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.json.Json;
import org.junit.jupiter.api.Test;

class InvokeResponseTest {

  @Test
  void logsAreReadBackAndAbsentFromTheJsonWhenThereAreNone() {
    InvokeResponse logged = new InvokeResponse(Receipt.OK, new byte[] {1}, null, null, "warn");
    InvokeResponse silent = new InvokeResponse(Receipt.OK, new byte[] {1}, null, null);

    assertEquals("warn", Json.read(Json.write(logged), InvokeResponse.class).logs());
    assertFalse(Json.write(silent).contains("logs"), Json.write(silent));
    assertNull(Json.read(Json.write(silent), InvokeResponse.class).logs());
  }

  @Test
  void theMarkerSaysHowMuchWasDroppedAndFitsItsRoom() {
    String marker = Limits.truncatedLogMarker(Long.MAX_VALUE);

    assertEquals(true, marker.contains(Long.toString(Long.MAX_VALUE)));
    assertEquals(true, marker.length() <= Limits.LOG_MARKER_ROOM, marker);
  }
}
