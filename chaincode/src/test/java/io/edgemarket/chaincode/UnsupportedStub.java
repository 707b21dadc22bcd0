package io.edgemarket.chaincode;

import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * The parts of the stub the contracts do not use: fixed proposal metadata, and features they must
 * not start to use without thought (private data, rich queries that only CouchDB supports,
 * key-level endorsement, chaincode-to-chaincode calls), which fail loudly here.
 */
abstract class UnsupportedStub implements ChaincodeStub {
  private static UnsupportedOperationException unsupported(String what) {
    return new UnsupportedOperationException(what + " is not used by the EdgeMarket chaincode");
  }

  @Override
  public Chaincode.Response invokeChaincode(String name, List<byte[]> args, String channel) {
    throw unsupported("invokeChaincode");
  }

  @Override
  public byte[] getStateValidationParameter(String key) {
    throw unsupported("key-level endorsement");
  }

  @Override
  public void setStateValidationParameter(String key, byte[] value) {
    throw unsupported("key-level endorsement");
  }

  @Override
  public QueryResultsIterator<KeyValue> getQueryResult(String query) {
    throw unsupported("rich queries");
  }

  @Override
  public QueryResultsIteratorWithMetadata<KeyValue> getQueryResultWithPagination(
      String query, int pageSize, String bookmark) {
    throw unsupported("rich queries");
  }

  @Override
  public byte[] getPrivateData(String collection, String key) {
    throw unsupported("private data");
  }

  @Override
  public byte[] getPrivateDataHash(String collection, String key) {
    throw unsupported("private data");
  }

  @Override
  public byte[] getPrivateDataValidationParameter(String collection, String key) {
    throw unsupported("private data");
  }

  @Override
  public void putPrivateData(String collection, String key, byte[] value) {
    throw unsupported("private data");
  }

  @Override
  public void setPrivateDataValidationParameter(String collection, String key, byte[] value) {
    throw unsupported("private data");
  }

  @Override
  public void delPrivateData(String collection, String key) {
    throw unsupported("private data");
  }

  @Override
  public void purgePrivateData(String collection, String key) {
    throw unsupported("private data");
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByRange(
      String collection, String startKey, String endKey) {
    throw unsupported("private data");
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
      String collection, String compositeKey) {
    throw unsupported("private data");
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
      String collection, CompositeKey compositeKey) {
    throw unsupported("private data");
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
      String collection, String objectType, String... attributes) {
    throw unsupported("private data");
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataQueryResult(String collection, String query) {
    throw unsupported("private data");
  }

  @Override
  public SignedProposal getSignedProposal() {
    throw unsupported("the signed proposal");
  }

  @Override
  public Map<String, byte[]> getTransient() {
    return Map.of();
  }

  @Override
  public byte[] getBinding() {
    throw unsupported("the binding");
  }

  @Override
  public String getChannelId() {
    return "edgemarket";
  }

  @Override
  public String getMspId() {
    return "EdgeMarketMSP";
  }

  @Override
  public List<byte[]> getArgs() {
    return List.of();
  }

  @Override
  public List<String> getStringArgs() {
    return List.of();
  }

  @Override
  public String getFunction() {
    return "";
  }

  @Override
  public List<String> getParameters() {
    return List.of();
  }
}
