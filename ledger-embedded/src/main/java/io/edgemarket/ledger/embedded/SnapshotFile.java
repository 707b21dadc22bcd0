package io.edgemarket.ledger.embedded;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import io.edgemarket.ledger.embedded.Mvcc.Version;
import io.edgemarket.ledger.embedded.Mvcc.Versioned;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One snapshot file: a body (the state as of a height, see {@link Snapshot}) and a fixed-size
 * trailer holding the SHA-256 of the body and the ledger's signature over it. Any changed byte
 * fails the digest, and only the ledger's key can make a body pass, so a snapshot can be trusted
 * exactly as far as the checkpoint in the key directory is. It is written to a temporary file,
 * forced to disk and renamed, so a crash leaves either the whole file or none.
 *
 * <p>The body is binary (a million keys would take seconds to parse as JSON): a header (ledger id,
 * height, last hash, the last block's position in the log, counts), every block hash, every
 * transaction id with its block, then each key in {@link KeyOrder} with its history, oldest first.
 * A key's current value is the newest entry of its history, unless that is a delete, so values are
 * stored once.
 */
final class SnapshotFile {
  private static final byte[] MAGIC = "EMSNAP01".getBytes(StandardCharsets.US_ASCII);
  private static final int SIGNATURE_ROOM = 160;
  private static final int TRAILER = 32 + 4 + SIGNATURE_ROOM;
  private static final int BUFFER = 1 << 20;

  private SnapshotFile() {}

  /**
   * Writes the state {@code world} had at {@code at} (its tip when read) as {@code file}, signed by
   * {@code signer}; blocks applied meanwhile are left out. Gives up, writing nothing, once {@code
   * cancelled} says so. Returns the height written.
   */
  static long write(
      Path file,
      WorldState world,
      WorldState.Counted at,
      Identity signer,
      BooleanSupplier cancelled)
      throws IOException {
    WorldState.Tip tip = at.tip();
    long height = tip.height();
    if (tip.blockOffset() < 0) {
      throw new IllegalStateException("the state's last block has no position in a log");
    }
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      writeTo(temporary, world, at, signer, cancelled);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
    Files.move(temporary, file, ATOMIC_MOVE, REPLACE_EXISTING);
    return height;
  }

  private static void writeTo(
      Path temporary,
      WorldState world,
      WorldState.Counted at,
      Identity signer,
      BooleanSupplier cancelled)
      throws IOException {
    WorldState.Tip tip = at.tip();
    long height = tip.height();
    MessageDigest sha = sha256();
    try (FileOutputStream fileOut = new FileOutputStream(temporary.toFile())) {
      DataOutputStream out =
          new DataOutputStream(
              new BufferedOutputStream(new DigestOutputStream(fileOut, sha), BUFFER));
      out.write(MAGIC);
      out.writeUTF(world.ledgerId());
      out.writeLong(height);
      out.writeUTF(tip.lastHash());
      out.writeLong(tip.blockOffset());
      out.writeLong(tip.logEnd());
      out.writeLong(at.transactions());
      out.writeLong(at.rejected());
      List<byte[]> hashes = world.hashes(height);
      out.writeInt(hashes.size());
      for (byte[] hash : hashes) {
        out.write(hash);
      }
      Map<String, Integer> txRefs = new HashMap<>();
      List<Map.Entry<String, Long>> txs = new ArrayList<>();
      world
          .txBlocks()
          .forEach(
              (id, block) -> {
                if (block < height) {
                  txRefs.put(id, txs.size());
                  txs.add(Map.entry(id, block));
                }
              });
      out.writeInt(txs.size());
      for (Map.Entry<String, Long> tx : txs) {
        writeString(out, tx.getKey());
        out.writeLong(tx.getValue());
      }
      List<WorldState.HistoryEntry> chain = new ArrayList<>();
      long keys = 0;
      for (Map.Entry<String, WorldState.HistoryEntry> key : world.allHistory().entrySet()) {
        chain.clear();
        for (WorldState.HistoryEntry e = key.getValue(); e != null; e = e.older()) {
          if (e.version().block() < height) {
            chain.add(e);
          }
        }
        if (chain.isEmpty()) {
          continue; // first written after the height
        }
        if ((++keys & 0xfff) == 0 && cancelled.getAsBoolean()) {
          throw new IOException("cancelled: the ledger is closing");
        }
        out.writeByte(1);
        writeString(out, key.getKey());
        out.writeInt(chain.size());
        for (int i = chain.size() - 1; i >= 0; i--) {
          WorldState.HistoryEntry e = chain.get(i);
          Integer ref = txRefs.get(e.txId());
          if (ref == null) {
            throw new IllegalStateException("history names an unknown transaction " + e.txId());
          }
          out.writeInt(ref);
          out.writeLong(e.timestamp());
          out.writeLong(e.version().block());
          out.writeInt(e.version().tx());
          writeBytes(out, e.deleted() ? null : e.value());
        }
      }
      out.writeByte(0);
      out.flush();
      byte[] digest = sha.digest();
      byte[] signature = signer.sign(digest);
      if (signature.length > SIGNATURE_ROOM) {
        throw new IllegalStateException("a signature of " + signature.length + " bytes");
      }
      ByteBuffer trailer = ByteBuffer.allocate(TRAILER);
      trailer.put(digest).putInt(signature.length).put(signature);
      fileOut.write(trailer.array());
      fileOut.getFD().sync();
    }
  }

  /**
   * Reads {@code file}, checking its digest and that {@code signer} signed it.
   *
   * @throws IOException saying what is wrong with it
   */
  static Snapshot read(Path file, X509Certificate signer) throws IOException {
    try (FileChannel channel = FileChannel.open(file)) {
      long size = channel.size();
      if (size < MAGIC.length + TRAILER) {
        throw new IOException("it is too short (" + size + " bytes)");
      }
      ByteBuffer trailer = ByteBuffer.allocate(TRAILER);
      channel.read(trailer, size - TRAILER);
      trailer.flip();
      byte[] digest = new byte[32];
      trailer.get(digest);
      int length = trailer.getInt();
      if (length <= 0 || length > SIGNATURE_ROOM) {
        throw new IOException("its trailer is damaged");
      }
      byte[] signature = new byte[length];
      trailer.get(signature);
      if (!Crypto.verify(signer.getPublicKey(), digest, signature)) {
        throw new IOException("it is not signed by the ledger");
      }
      MessageDigest sha = sha256();
      channel.position(0);
      InputStream body = new Bounded(Channels.newInputStream(channel), size - TRAILER);
      DataInputStream in =
          new DataInputStream(new BufferedInputStream(new DigestInputStream(body, sha), BUFFER));
      Snapshot snapshot = readBody(in);
      if (in.read() != -1) {
        throw new IOException("it holds bytes after its end");
      }
      if (!MessageDigest.isEqual(digest, sha.digest())) {
        throw new IOException("its content does not match its digest");
      }
      return snapshot;
    } catch (EOFException e) {
      throw new IOException("it ends too early", e);
    } catch (RuntimeException e) {
      throw new IOException("it is unreadable (" + e + ")", e);
    }
  }

  private static Snapshot readBody(DataInputStream in) throws IOException {
    byte[] magic = in.readNBytes(MAGIC.length);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IOException("it is not a snapshot of this format");
    }
    String ledgerId = in.readUTF();
    long height = in.readLong();
    String lastHash = in.readUTF();
    WorldState.Tip tip = new WorldState.Tip(height, lastHash, in.readLong(), in.readLong());
    long transactions = in.readLong();
    long rejected = in.readLong();
    int blocks = in.readInt();
    if (blocks != height) {
      throw new IOException("it holds " + blocks + " block hashes for height " + height);
    }
    List<byte[]> hashes = new ArrayList<>(blocks);
    for (int i = 0; i < blocks; i++) {
      hashes.add(in.readNBytes(32));
    }
    int txCount = in.readInt();
    String[] txIds = new String[txCount];
    Map<String, Long> txBlocks = new HashMap<>(txCount * 2);
    for (int i = 0; i < txCount; i++) {
      txIds[i] = readString(in);
      txBlocks.put(txIds[i], in.readLong());
    }
    List<String> keys = new ArrayList<>();
    List<WorldState.HistoryEntry> newest = new ArrayList<>();
    List<String> liveKeys = new ArrayList<>();
    List<Versioned> liveValues = new ArrayList<>();
    while (in.readByte() == 1) {
      String key = readString(in);
      int count = in.readInt();
      WorldState.HistoryEntry entry = null;
      Version version = null;
      for (int i = 0; i < count; i++) {
        String txId = txIds[in.readInt()];
        long timestamp = in.readLong();
        long block = in.readLong();
        int tx = in.readInt();
        if (version == null || version.block() != block || version.tx() != tx) {
          version = new Version(block, tx);
        }
        byte[] value = readBytes(in);
        entry = new WorldState.HistoryEntry(txId, timestamp, value == null, value, version, entry);
      }
      if (entry == null) {
        throw new IOException("key " + key + " has no history");
      }
      keys.add(key);
      newest.add(entry);
      if (!entry.deleted()) {
        liveKeys.add(key);
        liveValues.add(new Versioned(entry.value(), entry.version()));
      }
    }
    return new Snapshot(
        ledgerId,
        tip,
        transactions,
        rejected,
        hashes,
        new SortedArrayMap<>(liveKeys, liveValues),
        new SortedArrayMap<>(keys, newest),
        txBlocks);
  }

  private static void writeString(DataOutputStream out, String text) throws IOException {
    writeBytes(out, text.getBytes(StandardCharsets.UTF_8));
  }

  private static String readString(DataInputStream in) throws IOException {
    byte[] bytes = readBytes(in);
    if (bytes == null) {
      throw new IOException("a string is missing");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    if (bytes == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(bytes.length);
      out.write(bytes);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < -1 || length > (64 << 20)) {
      throw new IOException("a length of " + length + " is out of range");
    }
    return length < 0 ? null : in.readNBytes(length);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** At most {@code limit} bytes of a stream: the body, without the trailer after it. */
  private static final class Bounded extends InputStream {
    private final InputStream in;
    private long left;

    Bounded(InputStream in, long limit) {
      this.in = in;
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(buffer, offset, (int) Math.min(length, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}
