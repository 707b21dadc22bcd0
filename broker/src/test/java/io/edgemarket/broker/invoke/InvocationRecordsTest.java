package io.edgemarket.broker.invoke;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.api.InvocationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The invocation records on disk, and how long outputs are kept in memory. */
class InvocationRecordsTest {
  private static final long MINUTE = 60_000;
  private static final Retention SMALL = new Retention(15 * MINUTE, 100, 10_000, 5 * MINUTE, 4_000);

  @TempDir Path dir;
  private final AtomicLong now = new AtomicLong(1_700_000_000_000L);

  @Test
  void theLatestRecordOfEachInvocationComesBackAndATornLineIsCut() throws IOException {
    try (InvocationRecords records = InvocationRecords.open(dir, SMALL, now::get)) {
      records.write(failedRecord("a", "first"));
      records.write(failedRecord("b", "only"));
      records.write(failedRecord("a", "second"));
    }
    Path segment = segments().get(0);
    Files.writeString(segment, "{\"consumerId\":\"torn", StandardOpenOption.APPEND);

    try (InvocationRecords again = InvocationRecords.open(dir, SMALL, now::get)) {
      Map<String, InvocationRecords.Recorded> byId = byId(again);
      assertEquals(2, byId.size());
      assertEquals("second", byId.get("a").result().error());
      assertEquals("PROVIDERS_FAILED", byId.get("a").refusal());
      assertTrue(again.takeRestored().isEmpty(), "handed out once");
    }
    assertTrue(Files.readString(segment).endsWith("\n"), "the torn line was cut");
  }

  @Test
  void segmentsGoOnceAllTheirRecordsAreOlderThanTheRetentionOrOverTheBudget() throws IOException {
    try (InvocationRecords records = InvocationRecords.open(dir, SMALL, now::get)) {
      records.write(failedRecord("old", "x"));
      now.addAndGet(6 * MINUTE); // the next write starts a segment
      records.write(failedRecord("newer", "x"));
      assertEquals(2, segments().size());
      now.addAndGet(16 * MINUTE); // "old"'s segment ended 16 minutes ago
      records.write(failedRecord("newest", "x"));
      assertEquals(2, segments().size(), "the first segment expired");
    }
    try (InvocationRecords again = InvocationRecords.open(dir, SMALL, now::get)) {
      assertEquals(java.util.Set.of("newer", "newest"), byId(again).keySet());
    }
    // Over the disk budget, the oldest segments go whatever their age.
    try (InvocationRecords records = InvocationRecords.open(dir, SMALL, now::get)) {
      String big = "y".repeat(3_000);
      for (int i = 0; i < 8; i++) {
        records.write(failedRecord("big-" + i, big)); // a segment every two records
      }
    }
    long total = 0;
    for (Path segment : segments()) {
      total += Files.size(segment);
    }
    assertTrue(total <= SMALL.diskBytes() + SMALL.segmentBytes(), "on disk: " + total);
  }

  @Test
  void outputsOlderThanTheRetentionOrOverTheBudgetAreDroppedSayingSo() {
    OutputRetention outputs = new OutputRetention(SMALL, now::get);
    InvocationRegistry registry = new InvocationRegistry();
    InvocationRegistry.Entry first = registry.restore("1", "c", "sig1", ran("1", 60));
    outputs.kept(first, now.get(), 60);
    InvocationRegistry.Entry second = registry.restore("2", "c", "sig2", ran("2", 60));
    outputs.kept(second, now.get(), 60); // 120 bytes: over the budget of 100
    assertTrue(first.result().outputDropped());
    assertNull(first.result().output());
    assertEquals(60, second.result().output().length);

    now.addAndGet(15 * MINUTE);
    outputs.sweep();
    assertTrue(second.result().outputDropped());
    assertEquals(second.result().receipt(), ran("2", 60).receipt());
    assertFalse(outputs.fresh(now.get() - 15 * MINUTE));
    assertTrue(outputs.fresh(now.get() - 14 * MINUTE));
  }

  @Test
  void aRecordedResultKeepsItsOutputBytesExactly() throws IOException {
    byte[] output = "héllo\n\u0000".getBytes(StandardCharsets.UTF_8);
    InvocationResult result =
        new InvocationResult(
            "x", InvocationResult.Status.OK, output, null, null, 5, "p", null, null);
    try (InvocationRecords records = InvocationRecords.open(dir, SMALL, now::get)) {
      records.write(new InvocationRecords.Recorded("c", "sig", null, now.get(), result));
    }
    try (InvocationRecords again = InvocationRecords.open(dir, SMALL, now::get)) {
      assertArrayEquals(output, byId(again).get("x").result().output());
    }
  }

  private InvocationRecords.Recorded failedRecord(String id, String error) {
    return new InvocationRecords.Recorded(
        "c", "sig-" + id, "PROVIDERS_FAILED", now.get(), Outcomes.failed(id, error));
  }

  private static InvocationResult ran(String id, int size) {
    return new InvocationResult(
        id, InvocationResult.Status.OK, new byte[size], null, null, 5, "p", null, null);
  }

  private static Map<String, InvocationRecords.Recorded> byId(InvocationRecords records) {
    return records.takeRestored().stream()
        .collect(Collectors.toMap(InvocationRecords.Recorded::invocationId, Function.identity()));
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return new ArrayList<>(files.sorted().toList());
    }
  }
}
