package io.edgemarket.chaincode;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.ByteString;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * A test-only world state with history, committing one transaction at a time. It keeps the
 * properties of Fabric the contracts depend on: keys ordered by their UTF-8 bytes (as LevelDB
 * orders them), reads that see committed state only, an empty value meaning a delete, history
 * newest first, and paginated queries refused in transactions that write.
 */
final class FakeLedger {
  static final Comparator<String> UTF8_ORDER =
      (a, b) -> Arrays.compareUnsigned(a.getBytes(UTF_8), b.getBytes(UTF_8));

  record Version(String txId, Instant timestamp, byte[] value) {}

  private final NavigableMap<String, byte[]> state = new TreeMap<>(UTF8_ORDER);
  private final Map<String, List<Version>> history = new HashMap<>();
  private Instant clock = Instant.parse("2025-01-01T00:00:00Z");
  private long sequence;

  /** Starts a transaction by {@code caller} one second after the previous one. */
  FakeStub begin(Identity caller) {
    return begin(caller.mspId(), caller.certificatePem());
  }

  FakeStub begin(String mspId, String certificatePem) {
    clock = clock.plusSeconds(1);
    sequence++;
    String txId = Crypto.sha256Hex("tx-" + sequence);
    return new FakeStub(this, txId, clock, creator(mspId, certificatePem));
  }

  void advance(Duration duration) {
    clock = clock.plus(duration);
  }

  Instant now() {
    return clock;
  }

  void commit(FakeStub tx) {
    if (tx.usedPagination() && !tx.writes().isEmpty()) {
      throw new IllegalStateException("Fabric refuses paginated queries in a writing transaction");
    }
    tx.writes()
        .forEach(
            (key, value) -> {
              boolean delete = value == null || value.length == 0;
              if (delete) {
                state.remove(key);
              } else {
                state.put(key, value.clone());
              }
              history
                  .computeIfAbsent(key, k -> new ArrayList<>())
                  .add(0, new Version(tx.getTxId(), tx.getTxTimestamp(), delete ? null : value));
            });
  }

  byte[] get(String key) {
    byte[] value = state.get(key);
    return value == null ? null : value.clone();
  }

  /** Committed entries with start <= key < end (end null: unbounded). */
  List<Map.Entry<String, byte[]>> range(String start, String end) {
    NavigableMap<String, byte[]> view =
        end == null ? state.tailMap(start, true) : state.subMap(start, true, end, false);
    return List.copyOf(view.entrySet());
  }

  List<Version> history(String key) {
    return List.copyOf(history.getOrDefault(key, List.of()));
  }

  NavigableMap<String, byte[]> snapshot() {
    return new TreeMap<>(state);
  }

  /** The creator bytes a Fabric peer hands the chaincode: an MSP id and the PEM certificate. */
  static byte[] creator(String mspId, String certificatePem) {
    return SerializedIdentity.newBuilder()
        .setMspid(mspId)
        .setIdBytes(ByteString.copyFromUtf8(certificatePem))
        .build()
        .toByteArray();
  }
}
