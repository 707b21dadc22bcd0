package io.edgemarket.chaincode;

import io.edgemarket.model.Receipt;
import java.security.PublicKey;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The three signatures of every receipt of a batch (the provider's receipt, the consumer's ticket,
 * the broker's assignment), verified ahead of the receipts' checks, on every core. They are nine
 * tenths of a batch's work and depend on nothing but the receipt and its signers' keys, which are
 * read from the state first, in order, on the transaction's own thread (the shim's stub is not for
 * other threads). The checks then run in their documented order and read the verdicts: the outcome
 * is the same as verifying in turn, so endorsers agree whatever their core count.
 */
final class SignatureVerdicts {
  static final byte RECEIPT = 1;
  static final byte TICKET = 2;
  static final byte ASSIGNMENT = 4;

  /** Below this many receipts, the hand-off to other threads costs more than it saves. */
  private static final int PARALLEL_FROM = 16;

  private static final ForkJoinPool POOL =
      new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors()));

  /** The keys a receipt's signatures are checked with; null where its signer is not known. */
  record Signers(PublicKey provider, PublicKey consumer, PublicKey broker) {}

  private final Map<Receipt, Byte> verdicts;

  private SignatureVerdicts(Map<Receipt, Byte> verdicts) {
    this.verdicts = verdicts;
  }

  /**
   * Verifies each receipt's signatures with its signers' keys ({@code signers.get(i)} for {@code
   * receipts.get(i)}; a null entry leaves that receipt to be verified when checked).
   */
  static SignatureVerdicts of(List<Receipt> receipts, List<Signers> signers) {
    int n = receipts.size();
    int[] found = new int[n];
    IntConsumer each =
        i -> found[i] = signers.get(i) == null ? -1 : verify(receipts.get(i), signers.get(i));
    if (n < PARALLEL_FROM) {
      IntStream.range(0, n).forEach(each);
    } else {
      POOL.submit(() -> IntStream.range(0, n).parallel().forEach(each)).join();
    }
    Map<Receipt, Byte> verdicts = new IdentityHashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      if (found[i] >= 0) {
        verdicts.put(receipts.get(i), (byte) found[i]);
      }
    }
    return new SignatureVerdicts(verdicts);
  }

  static SignatureVerdicts none() {
    return new SignatureVerdicts(Map.of());
  }

  /** The verdict bits of a receipt verified ahead, or null when it was not. */
  Byte of(Receipt receipt) {
    return verdicts.get(receipt);
  }

  /** The verdict bits, or -1 when the receipt is malformed (left for its checks to meet). */
  private static int verify(Receipt receipt, Signers keys) {
    int bits = 0;
    try {
      if (keys.provider() != null && receipt.verify(keys.provider())) {
        bits |= RECEIPT;
      }
      if (keys.consumer() != null && receipt.ticket().verify(keys.consumer())) {
        bits |= TICKET;
      }
      if (keys.broker() != null && receipt.assignment().verify(keys.broker())) {
        bits |= ASSIGNMENT;
      }
    } catch (RuntimeException e) {
      return -1;
    }
    return bits;
  }
}
