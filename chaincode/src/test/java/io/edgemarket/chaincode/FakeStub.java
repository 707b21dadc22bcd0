package io.edgemarket.chaincode;

import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * One transaction's view of a {@link FakeLedger}, as the Fabric shim gives it: reads come from
 * committed state only (no read-your-writes), writes are buffered until commit, composite keys are
 * the shim's own {@link CompositeKey}, range scans refuse composite keys, and pages carry a
 * bookmark (the next key). It records what was read, so tests can check a transaction's MVCC
 * footprint.
 */
final class FakeStub extends UnsupportedStub {
  /** The shim's upper bound for a partial composite key scan (U+10FFFF). */
  private static final String MAX_UNICODE_RUNE = "\udbff\udfff";

  private static final String UNSPECIFIED_START = "\u0001";

  private final FakeLedger ledger;
  private final String txId;
  private final Instant timestamp;
  private final byte[] creator;
  private final Map<String, byte[]> writes = new LinkedHashMap<>();
  private final List<String> reads = new ArrayList<>();
  private final List<String> scans = new ArrayList<>();
  private boolean usedPagination;
  private ChaincodeEvent event;

  FakeStub(FakeLedger ledger, String txId, Instant timestamp, byte[] creator) {
    this.ledger = ledger;
    this.txId = txId;
    this.timestamp = timestamp;
    this.creator = creator.clone();
  }

  Map<String, byte[]> writes() {
    return writes;
  }

  List<String> reads() {
    return reads;
  }

  /** Scanned ranges as "start..end". */
  List<String> scans() {
    return scans;
  }

  boolean usedPagination() {
    return usedPagination;
  }

  @Override
  public byte[] getState(String key) {
    requireKey(key);
    reads.add(key);
    return ledger.get(key);
  }

  @Override
  public void putState(String key, byte[] value) {
    requireKey(key);
    writes.put(key, Objects.requireNonNull(value, "value").clone());
  }

  @Override
  public void delState(String key) {
    requireKey(key);
    writes.put(key, null);
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByRange(String startKey, String endKey) {
    return FakeResults.of(scan(simpleStart(startKey, endKey), emptyToNull(endKey)));
  }

  @Override
  public QueryResultsIteratorWithMetadata<KeyValue> getStateByRangeWithPagination(
      String startKey, String endKey, int pageSize, String bookmark) {
    return paged(scan(simpleStart(startKey, endKey), emptyToNull(endKey)), pageSize, bookmark);
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String compositeKey) {
    // As the shim does: a string that is not yet a composite key is an object type.
    String prefix =
        compositeKey.startsWith(CompositeKey.NAMESPACE)
            ? compositeKey
            : new CompositeKey(compositeKey).toString();
    return FakeResults.of(scan(prefix, prefix + MAX_UNICODE_RUNE));
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(
      String objectType, String... attributes) {
    return getStateByPartialCompositeKey(new CompositeKey(objectType, attributes));
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(CompositeKey key) {
    return getStateByPartialCompositeKey(key.toString());
  }

  @Override
  public QueryResultsIteratorWithMetadata<KeyValue> getStateByPartialCompositeKeyWithPagination(
      CompositeKey key, int pageSize, String bookmark) {
    String prefix = key.toString();
    return paged(scan(prefix, prefix + MAX_UNICODE_RUNE), pageSize, bookmark);
  }

  @Override
  public CompositeKey createCompositeKey(String objectType, String... attributes) {
    return new CompositeKey(objectType, attributes);
  }

  @Override
  public CompositeKey splitCompositeKey(String compositeKey) {
    return CompositeKey.parseCompositeKey(compositeKey);
  }

  @Override
  public QueryResultsIterator<KeyModification> getHistoryForKey(String key) {
    requireKey(key);
    List<KeyModification> versions = new ArrayList<>();
    for (FakeLedger.Version v : ledger.history(key)) {
      versions.add(new FakeResults.Modification(v.txId(), v.timestamp(), v.value()));
    }
    return FakeResults.of(versions);
  }

  @Override
  public void setEvent(String name, byte[] payload) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("event name can not be nil or empty string");
    }
    event =
        ChaincodeEvent.newBuilder()
            .setEventName(name)
            .setPayload(ByteString.copyFrom(payload))
            .setTxId(txId)
            .build();
  }

  @Override
  public ChaincodeEvent getEvent() {
    return event;
  }

  @Override
  public Instant getTxTimestamp() {
    return timestamp;
  }

  @Override
  public String getTxId() {
    return txId;
  }

  @Override
  public byte[] getCreator() {
    return creator.clone();
  }

  private QueryResultsIteratorWithMetadata<KeyValue> paged(
      List<KeyValue> rows, int pageSize, String bookmark) {
    usedPagination = true;
    return FakeResults.page(rows, pageSize, bookmark);
  }

  private List<KeyValue> scan(String start, String end) {
    scans.add(start + ".." + end);
    List<KeyValue> rows = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : ledger.range(start, end)) {
      rows.add(new FakeResults.Kv(e.getKey(), e.getValue()));
    }
    return rows;
  }

  private static String simpleStart(String startKey, String endKey) {
    // As the shim does: composite keys are out of bounds for plain range scans.
    CompositeKey.validateSimpleKeys(startKey, endKey);
    return startKey == null || startKey.isEmpty() ? UNSPECIFIED_START : startKey;
  }

  private static String emptyToNull(String key) {
    return key == null || key.isEmpty() ? null : key;
  }

  private static void requireKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
  }
}
