package io.edgemarket.ledger.embedded;

import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * The shim's {@code ChaincodeStub} for the embedded ledger: what the Java shim does on a peer, with
 * the peer's part done by a {@link TxSimulator} over committed state. Start keys, the composite key
 * namespace and page parameters are normalised exactly as the shim normalises them before it asks
 * the peer. One stub serves one simulation on one thread.
 */
final class EmbeddedStub extends UnsupportedStubOperations {
  private static final String UNSPECIFIED_START_KEY = "\u0001";
  private static final String MAX_UNICODE_RUNE = "\udbff\udfff";

  private final TxInput input;
  private final TxSimulator simulator;
  private ChaincodeEvent event;

  EmbeddedStub(TxInput input, TxSimulator simulator) {
    this.input = input;
    this.simulator = simulator;
  }

  @Override
  public List<byte[]> getArgs() {
    return input.args().stream().map(byte[]::clone).toList();
  }

  @Override
  public List<String> getStringArgs() {
    return input.stringArgs();
  }

  @Override
  public String getFunction() {
    return input.stringArgs().isEmpty() ? null : input.stringArgs().get(0);
  }

  @Override
  public List<String> getParameters() {
    return input.stringArgs().stream().skip(1).toList();
  }

  @Override
  public String getTxId() {
    return input.txId();
  }

  @Override
  public String getChannelId() {
    return TxInput.CHANNEL;
  }

  @Override
  public byte[] getState(String key) {
    return simulator.getState(key);
  }

  @Override
  public void putState(String key, byte[] value) {
    simulator.write(key, Objects.requireNonNull(value, "value cannot be null"));
  }

  @Override
  public void delState(String key) {
    simulator.write(key, null);
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByRange(String startKey, String endKey) {
    String start = startKey == null || startKey.isEmpty() ? UNSPECIFIED_START_KEY : startKey;
    String end = endKey == null ? "" : endKey;
    CompositeKey.validateSimpleKeys(start, end);
    return simulator.scan(start, end);
  }

  @Override
  public QueryResultsIteratorWithMetadata<KeyValue> getStateByRangeWithPagination(
      String startKey, String endKey, int pageSize, String bookmark) {
    String start = startKey == null || startKey.isEmpty() ? UNSPECIFIED_START_KEY : startKey;
    String end = endKey == null ? "" : endKey;
    CompositeKey.validateSimpleKeys(start, end);
    return simulator.page(start, end, pageSize, bookmark);
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String compositeKey) {
    return getStateByPartialCompositeKey(
        compositeKey.startsWith(CompositeKey.NAMESPACE)
            ? CompositeKey.parseCompositeKey(compositeKey)
            : new CompositeKey(compositeKey));
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(
      String objectType, String... attributes) {
    return getStateByPartialCompositeKey(new CompositeKey(objectType, attributes));
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(CompositeKey compositeKey) {
    String prefix = prefix(compositeKey);
    return simulator.scan(prefix, prefix + MAX_UNICODE_RUNE);
  }

  @Override
  public QueryResultsIteratorWithMetadata<KeyValue> getStateByPartialCompositeKeyWithPagination(
      CompositeKey compositeKey, int pageSize, String bookmark) {
    String prefix = prefix(compositeKey);
    return simulator.page(prefix, prefix + MAX_UNICODE_RUNE, pageSize, bookmark);
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
    return simulator.history(key);
  }

  @Override
  public void setEvent(String name, byte[] payload) {
    if (name == null || name.trim().isEmpty()) {
      throw new IllegalArgumentException("event name can not be nil string");
    }
    ChaincodeEvent.Builder builder = ChaincodeEvent.newBuilder().setEventName(name);
    if (payload != null) {
      builder.setPayload(ByteString.copyFrom(payload));
    }
    event = builder.build();
  }

  @Override
  public ChaincodeEvent getEvent() {
    return event;
  }

  /** The contract router never asks for it, and there is no protobuf proposal to give. */
  @Override
  public SignedProposal getSignedProposal() {
    return null;
  }

  @Override
  public Instant getTxTimestamp() {
    return input.timestamp();
  }

  @Override
  public byte[] getCreator() {
    return input.creator().clone();
  }

  @Override
  public Map<String, byte[]> getTransient() {
    return Map.of();
  }

  @Override
  public byte[] getBinding() {
    return input.binding().clone();
  }

  @Override
  public String getMspId() {
    return input.peerMspId();
  }

  private static String prefix(CompositeKey compositeKey) {
    return (compositeKey == null ? new CompositeKey(UNSPECIFIED_START_KEY) : compositeKey)
        .toString();
  }
}
