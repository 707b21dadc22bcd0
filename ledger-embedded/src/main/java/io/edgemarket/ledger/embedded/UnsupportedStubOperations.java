package io.edgemarket.ledger.embedded;

import java.util.List;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * The parts of the stub the market's chaincode does not use: private data, state-based endorsement,
 * rich (CouchDB) queries and chaincode-to-chaincode calls. They fail loudly rather than pretend, so
 * a contract that starts using one is caught by the embedded tests before it reaches a peer.
 */
abstract class UnsupportedStubOperations implements ChaincodeStub {

  private static UnsupportedOperationException unsupported(String feature) {
    return new UnsupportedOperationException(feature + " is not supported by the embedded ledger");
  }

  @Override
  public byte[] getStateValidationParameter(String key) {
    throw unsupported("State-based endorsement");
  }

  @Override
  public void setStateValidationParameter(String key, byte[] value) {
    throw unsupported("State-based endorsement");
  }

  @Override
  public QueryResultsIterator<KeyValue> getQueryResult(String query) {
    throw unsupported("Rich query");
  }

  @Override
  public QueryResultsIteratorWithMetadata<KeyValue> getQueryResultWithPagination(
      String query, int pageSize, String bookmark) {
    throw unsupported("Rich query");
  }

  @Override
  public Chaincode.Response invokeChaincode(String name, List<byte[]> args, String channel) {
    throw unsupported("Chaincode-to-chaincode invocation");
  }

  @Override
  public byte[] getPrivateData(String collection, String key) {
    throw unsupported("Private data");
  }

  @Override
  public byte[] getPrivateDataHash(String collection, String key) {
    throw unsupported("Private data");
  }

  @Override
  public byte[] getPrivateDataValidationParameter(String collection, String key) {
    throw unsupported("Private data");
  }

  @Override
  public void putPrivateData(String collection, String key, byte[] value) {
    throw unsupported("Private data");
  }

  @Override
  public void setPrivateDataValidationParameter(String collection, String key, byte[] value) {
    throw unsupported("Private data");
  }

  @Override
  public void delPrivateData(String collection, String key) {
    throw unsupported("Private data");
  }

  @Override
  public void purgePrivateData(String collection, String key) {
    throw unsupported("Private data");
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByRange(
      String collection, String startKey, String endKey) {
    throw unsupported("Private data");
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
      String collection, String compositeKey) {
    throw unsupported("Private data");
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
      String collection, CompositeKey compositeKey) {
    throw unsupported("Private data");
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
      String collection, String objectType, String... attributes) {
    throw unsupported("Private data");
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataQueryResult(String collection, String query) {
    throw unsupported("Private data");
  }
}
