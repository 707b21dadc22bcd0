package io.edgemarket.ledger.embedded;

import com.google.protobuf.ByteString;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.ledger.SignedProposal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * What a verified proposal gives the chaincode, in the forms a peer gives it: arguments as bytes
 * (function name first), the creator as a protobuf {@code SerializedIdentity} (MSP id and PEM
 * certificate, which is what the shim's {@code ClientIdentity} parses), the proposal timestamp, and
 * the binding hash over nonce, creator and epoch.
 */
record TxInput(
    String txId,
    Instant timestamp,
    List<byte[]> args,
    List<String> stringArgs,
    byte[] creator,
    byte[] binding,
    String peerMspId) {
  /** The one channel of the embedded ledger. */
  static final String CHANNEL = "edgemarket";

  static TxInput of(SignedProposal proposal, String peerMspId) {
    List<String> strings = new ArrayList<>();
    strings.add(proposal.transaction());
    strings.addAll(proposal.args());
    List<byte[]> bytes = strings.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    byte[] creator =
        SerializedIdentity.newBuilder()
            .setMspid(proposal.mspId())
            .setIdBytes(ByteString.copyFromUtf8(proposal.creatorPem()))
            .build()
            .toByteArray();
    byte[] epoch =
        ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(0).array();
    byte[] binding =
        Crypto.sha256(proposal.nonce().getBytes(StandardCharsets.UTF_8), creator, epoch);
    return new TxInput(
        proposal.transactionId(),
        Instant.ofEpochMilli(proposal.timestamp()),
        bytes,
        List.copyOf(strings),
        creator,
        binding,
        peerMspId);
  }

  /**
   * The peer's key rules: not null, not empty, valid UTF-8 (a lone surrogate has no UTF-8 form, and
   * would be written as a different key).
   */
  static void validateKey(String key) {
    Objects.requireNonNull(key, "key cannot be null");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("key cannot not be an empty string");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < key.length()
          && Character.isLowSurrogate(key.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("key is not valid UTF-8: lone surrogate at " + i);
      }
    }
  }
}
