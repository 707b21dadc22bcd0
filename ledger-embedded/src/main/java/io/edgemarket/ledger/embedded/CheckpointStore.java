package io.edgemarket.ledger.embedded;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Checkpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's own record of how far its log reached: its latest signed {@link Checkpoint}, kept in
 * the key directory (apart from the log when the key directory is), refreshed every {@value
 * #EVERY_BLOCKS} blocks or {@value #EVERY_MILLIS} ms of commits and on close. On open a log that no
 * longer reaches it, or holds another block there, is refused: its end was cut or rewritten. Only
 * blocks already durable in the log are ever recorded, so a crash never leaves a checkpoint ahead
 * of the log.
 */
final class CheckpointStore {
  static final int EVERY_BLOCKS = 64;
  static final long EVERY_MILLIS = 2000;
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);

  private final Path file;
  private final LedgerSigner signer;
  private final WorldState world;
  private long writtenHeight;
  private long writtenAt;

  CheckpointStore(Path keyDir, LedgerSigner signer, WorldState world) {
    this.file = file(keyDir, world.ledgerId());
    this.signer = signer;
    this.world = world;
  }

  /** One file per ledger, named by its genesis hash, so ledgers may share a key directory. */
  static Path file(Path keyDir, String ledgerId) {
    return keyDir.resolve("checkpoint-" + ledgerId.substring(0, 16) + ".json");
  }

  /** The checkpoint recorded in {@code file}, or null if there is none. */
  static Checkpoint read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    try {
      return Json.read(Files.readAllBytes(file), Checkpoint.class);
    } catch (IllegalArgumentException e) {
      throw new IOException("the ledger's checkpoint " + file + " is unreadable", e);
    }
  }

  Path file() {
    return file;
  }

  /** A checkpoint of the chain as it is now, signed by the ledger. */
  Checkpoint current() {
    WorldState.Tip tip = world.tip();
    return Checkpoint.sign(
        signer.identity(),
        world.ledgerId(),
        tip.height(),
        tip.lastHash(),
        System.currentTimeMillis());
  }

  /** After a block: records a checkpoint when enough blocks or time have passed. */
  synchronized void afterBlock() {
    long height = world.height();
    if (height - writtenHeight >= EVERY_BLOCKS
        || System.currentTimeMillis() - writtenAt >= EVERY_MILLIS) {
      writeQuietly();
    }
  }

  /** Records a checkpoint of the chain as it is now; a failure is only logged. */
  synchronized void writeQuietly() {
    try {
      write();
    } catch (IOException e) {
      LOG.warn("could not record the ledger's checkpoint in {}", file, e);
    }
  }

  synchronized void write() throws IOException {
    Checkpoint checkpoint = current();
    Files.createDirectories(file.getParent());
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(temporary, CREATE, WRITE, TRUNCATE_EXISTING)) {
      ByteBuffer bytes = ByteBuffer.wrap(Json.bytes(checkpoint));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
    Files.move(temporary, file, ATOMIC_MOVE, REPLACE_EXISTING);
    writtenHeight = checkpoint.height();
    writtenAt = System.currentTimeMillis();
  }
}
