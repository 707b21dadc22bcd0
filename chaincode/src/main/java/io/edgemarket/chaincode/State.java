package io.edgemarket.chaincode;

import io.edgemarket.model.json.Json;
import org.hyperledger.fabric.shim.ChaincodeStub;

/** JSON values under ledger keys. Fabric treats an empty value as absent, and so do we. */
final class State {
  private State() {}

  static <T> T read(ChaincodeStub stub, String key, Class<T> type) {
    byte[] value = stub.getState(key);
    return value == null || value.length == 0 ? null : Json.read(value, type);
  }

  static boolean exists(ChaincodeStub stub, String key) {
    byte[] value = stub.getState(key);
    return value != null && value.length > 0;
  }

  static void write(ChaincodeStub stub, String key, Object value) {
    stub.putState(key, Json.bytes(value));
  }

  static long now(ChaincodeStub stub) {
    // The proposal's timestamp, never the local clock: every endorser must compute the same value.
    return stub.getTxTimestamp().toEpochMilli();
  }
}
