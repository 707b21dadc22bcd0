package io.edgemarket.broker.invoke;

import io.edgemarket.broker.settle.AppendLog;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.json.Json;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's invocation records under {@code dataDir/invocations}: what it answered about each
 * invocation (the result with its output and verification) or why it failed, one JSON line each, so
 * that after a crash a lookup or a retry gets the same answer. Receipts and settlements are not
 * repeated here: the settlement queue keeps them.
 *
 * <p>Lines are written before the answer leaves (a killed broker loses none) and forced to disk
 * every {@link #FLUSH_MILLIS} (a crash of the machine may lose the last ones; such an invocation is
 * then restored from its receipt, without its output). Growth is bounded by segments: {@code
 * records-<start millis>.log}, a new one every {@link Retention#segmentMillis()} or {@link
 * Retention#segmentBytes()}, and a segment is deleted once every record in it is older than the
 * retention, or, oldest first, while the segments together exceed the disk budget.
 */
final class InvocationRecords implements AutoCloseable {
  /** One record: whose invocation, its ticket's signature, when, and the answer (or refusal). */
  record Recorded(
      String consumerId, String ticketSignature, String refusal, long at, InvocationResult result) {

    String invocationId() {
      return result.invocationId();
    }
  }

  static final long FLUSH_MILLIS = 200;
  private static final Logger LOG = LoggerFactory.getLogger(InvocationRecords.class);
  private static final Pattern SEGMENT = Pattern.compile("records-(\\d{13})\\.log");

  private record Segment(Path file, long start) {}

  private final Path dir;
  private final Retention retention;
  private final LongSupplier clock;
  private final Deque<Segment> segments = new ArrayDeque<>();
  private final ScheduledExecutorService flusher;
  private Map<String, Recorded> restored;
  private AppendLog current;
  private long currentStart;
  private boolean closed;

  private InvocationRecords(Path dir, Retention retention, LongSupplier clock) {
    this.dir = dir;
    this.retention = retention;
    this.clock = clock;
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "edgemarket-invocation-records");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Reads the records kept in {@code dir} and opens a new segment for what follows. */
  static InvocationRecords open(Path dir, Retention retention, LongSupplier clock)
      throws IOException {
    Files.createDirectories(dir);
    InvocationRecords records = new InvocationRecords(dir, retention, clock);
    records.restored = new LinkedHashMap<>();
    for (Segment segment : list(dir)) {
      records.segments.add(segment);
      List<String> lines = new ArrayList<>();
      AppendLog.open(segment.file(), lines).close(); // cuts a line torn by a crash
      for (String line : lines) {
        try {
          Recorded recorded = Json.read(line, Recorded.class);
          records.restored.put(recorded.invocationId(), recorded); // the latest one counts
        } catch (IllegalArgumentException e) {
          LOG.warn("skipping an unreadable invocation record in {}", segment.file());
        }
      }
    }
    records.rotate();
    records.flusher.scheduleWithFixedDelay(
        records::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    return records;
  }

  /** The records found at open, the latest of each invocation; handed out once. */
  synchronized Collection<Recorded> takeRestored() {
    Collection<Recorded> all = restored == null ? List.of() : restored.values();
    restored = null;
    return all;
  }

  /**
   * Writes a record. A failure is logged, not thrown: the answer stands without it, and after a
   * crash the invocation would be restored from its receipt, without its output.
   */
  void write(Recorded recorded) {
    String line = Json.write(recorded);
    synchronized (this) {
      if (closed) {
        return;
      }
      try {
        long now = clock.getAsLong();
        if (now - currentStart >= retention.segmentMillis()
            || current.size() >= retention.segmentBytes()) {
          rotate();
        }
        current.write(line);
      } catch (IOException e) {
        LOG.warn("invocation {} could not be recorded: {}", recorded.invocationId(), e.toString());
      }
    }
  }

  /** Forces what was written; the flusher calls it, and so does {@link #close}. */
  void flush() {
    AppendLog log;
    synchronized (this) {
      if (closed) {
        return;
      }
      log = current;
    }
    // Forced outside the lock, so answers are not held up by the disk.
    try {
      log.sync();
    } catch (ClosedChannelException e) {
      // Rotated (or closed) meanwhile, which forced it.
    } catch (IOException e) {
      LOG.warn("forcing the invocation records failed: {}", e.toString());
    }
  }

  /** Starts a new segment and deletes the ones that have expired or exceed the budget. */
  private void rotate() throws IOException {
    if (current != null) {
      current.sync();
      current.close();
    }
    long now = clock.getAsLong();
    currentStart = Math.max(now, segments.isEmpty() ? 0 : segments.peekLast().start() + 1);
    Path file = dir.resolve(String.format("records-%013d.log", currentStart));
    current = AppendLog.open(file, new ArrayList<>());
    segments.add(new Segment(file, currentStart));
    prune(now);
  }

  /**
   * A segment's records are all older than the start of the next one: once that is past the
   * retention, the segment goes. Then the oldest go while all together exceed the disk budget.
   */
  private void prune(long now) throws IOException {
    List<Segment> ordered = new ArrayList<>(segments);
    long total = 0;
    for (Segment segment : ordered) {
      total += Files.size(segment.file());
    }
    for (int i = 0; i < ordered.size() - 1; i++) {
      Segment segment = ordered.get(i);
      boolean expired = now - ordered.get(i + 1).start() > retention.outputMillis();
      if (!expired && total <= retention.diskBytes()) {
        break;
      }
      total -= Files.size(segment.file());
      Files.deleteIfExists(segment.file());
      segments.remove(segment);
    }
  }

  private static List<Segment> list(Path dir) throws IOException {
    List<Segment> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(
          file -> {
            Matcher m = SEGMENT.matcher(file.getFileName().toString());
            if (m.matches()) {
              found.add(new Segment(file, Long.parseLong(m.group(1))));
            }
          });
    }
    found.sort((a, b) -> Long.compare(a.start(), b.start()));
    return found;
  }

  @Override
  public void close() {
    flusher.shutdownNow();
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        current.sync();
        current.close();
      } catch (IOException e) {
        LOG.warn("closing the invocation records failed: {}", e.toString());
      }
    }
  }
}
