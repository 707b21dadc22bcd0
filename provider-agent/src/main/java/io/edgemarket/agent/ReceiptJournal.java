package io.edgemarket.agent;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.link.KeptOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receipts this agent signed that its broker may not hold yet (issue 11): the broker answers
 * once a receipt is written and forces its disk a millisecond or two later, so a broker machine
 * that loses power in between would lose it; it asks its agents again when they re-attach, and they
 * answer from here. Kept by sequence in memory (enough for a broker crash, which is another process
 * on another machine) and appended to {@code dataDir/receipts.journal} without a force (so that an
 * agent restarted while its broker is down still has them; forcing per receipt would put a disk
 * flush back on the path this exists to remove, and only a crash of the agent's own machine and the
 * broker's at once loses anything). A receipt goes once the broker says it holds it ({@link
 * #drop}), or once the ledger shows a later one settled ({@link SettledSweep}). At most {@code
 * capacity} are kept; past it the oldest go, with a warning.
 *
 * <p>Each receipt's output is kept beside it, in memory only and within {@link
 * #DEFAULT_OUTPUT_BYTES} (oldest first out), for the run whose answer a killed broker never heard
 * (issue 16): re-collection hands it back, and the consumer asking again gets it. An agent
 * restarted meanwhile has the receipts but not their outputs; the broker then says the output is no
 * longer kept.
 */
final class ReceiptJournal implements AutoCloseable {
  static final int DEFAULT_CAPACITY = 50_000;
  static final long DEFAULT_OUTPUT_BYTES = 64L << 20;
  private static final Logger LOG = LoggerFactory.getLogger(ReceiptJournal.class);

  private final Path file;
  private final int capacity;
  private final TreeMap<Long, Receipt> kept = new TreeMap<>();
  private final TreeMap<Long, KeptOutput> outputs = new TreeMap<>();
  private final long outputBudget;
  private long outputBytes;
  private FileChannel channel;
  private long linesInFile;
  private long overflowed;
  private volatile java.util.function.Consumer<Receipt> onAdd = r -> {};

  private ReceiptJournal(Path file, int capacity, long outputBudget) {
    this.file = file;
    this.capacity = capacity;
    this.outputBudget = outputBudget;
  }

  /** A page of kept receipts, with the outputs still kept of their runs. */
  record Page(List<Receipt> receipts, List<KeptOutput> outputs) {}

  /** Opens the journal, reading what an earlier run of the agent left (a torn line is skipped). */
  static ReceiptJournal open(Path file, int capacity) throws IOException {
    return open(file, capacity, DEFAULT_OUTPUT_BYTES);
  }

  /** As {@link #open(Path, int)}, keeping at most {@code outputBudget} bytes of outputs. */
  static ReceiptJournal open(Path file, int capacity, long outputBudget) throws IOException {
    ReceiptJournal journal = new ReceiptJournal(file, capacity, outputBudget);
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        try {
          Receipt receipt = Json.read(line, Receipt.class);
          journal.kept.put(receipt.sequence(), receipt);
        } catch (IllegalArgumentException e) {
          // The last line of a killed agent may be torn; nothing before it is.
        }
      }
      while (journal.kept.size() > capacity) {
        journal.kept.pollFirstEntry();
      }
    }
    journal.rewrite();
    if (!journal.kept.isEmpty()) {
      LOG.info(
          "{} receipts kept from before the restart, until the broker holds them",
          journal.kept.size());
    }
    return journal;
  }

  /** Told of each receipt as it is kept (the agent's statements, {@link ReceiptStatements}). */
  void onAdd(java.util.function.Consumer<Receipt> listener) {
    this.onAdd = listener;
  }

  /** Keeps a receipt just signed, before it is answered; its output is not kept. */
  void add(Receipt receipt) {
    add(receipt, null, null);
  }

  /** Keeps a receipt just signed, and its run's output and error, before it is answered. */
  synchronized void add(Receipt receipt, byte[] output, String error) {
    kept.put(receipt.sequence(), receipt);
    onAdd.accept(receipt);
    if (output != null) {
      KeptOutput answer = new KeptOutput(receipt.sequence(), output, error);
      outputs.put(receipt.sequence(), answer);
      outputBytes += answer.frameBytes();
      while (outputBytes > outputBudget) {
        outputBytes -= outputs.pollFirstEntry().getValue().frameBytes();
      }
    }
    if (kept.size() > capacity) {
      forgetOutput(kept.pollFirstEntry().getKey());
      if (overflowed++ % 1000 == 0) {
        LOG.warn(
            "receipt journal full ({} receipts, none confirmed by the broker or the ledger):"
                + " forgetting the oldest; a broker that lost its disk now could not collect them"
                + " ({} forgotten so far)",
            capacity,
            overflowed);
      }
    }
    try {
      write(Json.write(receipt));
    } catch (IOException e) {
      // Memory still has it; the file only matters if this agent restarts before the broker asks.
      LOG.warn("cannot append to the receipt journal: {}", e.toString());
    }
  }

  /**
   * Up to {@code max} kept receipts with a sequence above {@code after}, oldest first, with their
   * outputs: cut short before a receipt whose output would take the outputs past {@code
   * outputBytes} (an output larger than that on its own is left out).
   */
  synchronized Page page(long after, int max, long outputBytes) {
    List<Receipt> receipts = new ArrayList<>(Math.min(max, 64));
    List<KeptOutput> answers = new ArrayList<>();
    long bytes = 0;
    for (Receipt receipt : kept.tailMap(after, false).values()) {
      if (receipts.size() == max) {
        break;
      }
      KeptOutput answer = outputs.get(receipt.sequence());
      if (answer != null && answer.frameBytes() <= outputBytes) {
        if (bytes + answer.frameBytes() > outputBytes) {
          break;
        }
        bytes += answer.frameBytes();
        answers.add(answer);
      }
      receipts.add(receipt);
    }
    return new Page(receipts, answers);
  }

  /** Forgets these receipts (by sequence); the file is rewritten once mostly forgotten lines. */
  synchronized void drop(Collection<Long> sequences) {
    sequences.forEach(
        sequence -> {
          kept.remove(sequence);
          forgetOutput(sequence);
        });
    if (linesInFile > 1024 && linesInFile > 4L * kept.size()) {
      try {
        rewrite();
      } catch (IOException e) {
        LOG.warn("cannot rewrite the receipt journal: {}", e.toString());
      }
    }
  }

  /** Every kept receipt, oldest first (a copy). */
  synchronized List<Receipt> all() {
    return new ArrayList<>(kept.values());
  }

  synchronized int size() {
    return kept.size();
  }

  /** How many outputs are kept, and how many bytes they take. */
  synchronized long[] outputsKept() {
    return new long[] {outputs.size(), outputBytes};
  }

  private void forgetOutput(long sequence) {
    KeptOutput gone = outputs.remove(sequence);
    if (gone != null) {
      outputBytes -= gone.frameBytes();
    }
  }

  private void write(String line) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    linesInFile++;
  }

  /** Writes what is kept to a new file and renames it into place (no force: see the class). */
  private void rewrite() throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    StringBuilder text = new StringBuilder();
    for (Map.Entry<Long, Receipt> entry : kept.entrySet()) {
      text.append(Json.write(entry.getValue())).append('\n');
    }
    Files.writeString(temporary, text, StandardCharsets.UTF_8);
    if (channel != null) {
      channel.close();
    }
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    linesInFile = kept.size();
  }

  /** Writes down what is still kept (forgotten ones are otherwise only gone from memory). */
  @Override
  public synchronized void close() {
    try {
      rewrite();
      channel.close();
    } catch (IOException e) {
      LOG.warn("cannot rewrite the receipt journal: {}", e.toString());
    }
  }
}
