package io.edgemarket.broker.settle;

import io.edgemarket.model.Assignment;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.Usage;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import java.util.List;

/** Signed receipts and outcomes for the queue's tests. */
final class TestReceipts {
  static final CertificateAuthority CA = CertificateAuthority.create("EdgeMarketMSP");
  static final Identity CONSUMER = CA.enroll("c", Role.CONSUMER);
  static final Identity PROVIDER = CA.enroll("p", Role.PROVIDER);
  static final Identity BROKER = CA.enroll("broker", Role.BROKER);

  private TestReceipts() {}

  static Receipt receipt(String invocationId) {
    InvocationTicket ticket =
        InvocationTicket.issue(
            CONSUMER,
            invocationId,
            BROKER.id(),
            "c/f",
            "d".repeat(64),
            new byte[] {1},
            100,
            0,
            60_000);
    return Receipt.sign(
        PROVIDER,
        ticket,
        Assignment.sign(BROKER, ticket, PROVIDER.id(), "o", 1),
        new byte[] {2},
        Receipt.OK,
        new Usage(1, 1, 1),
        5,
        0,
        1,
        2,
        1);
  }

  /** An outcome paying {@code paid} in {@code batchId}, recorded at {@code at}. */
  static BatchOutcome paid(String batchId, long at, Receipt... paid) {
    List<BatchOutcome.Settled> settled =
        List.of(paid).stream()
            .map(
                r ->
                    new BatchOutcome.Settled(
                        r.assignment().runId(), CONSUMER.id(), r.amount(), batchId))
            .toList();
    long total = List.of(paid).stream().mapToLong(Receipt::amount).sum();
    return new BatchOutcome(batchId, "root", settled, List.of(), total, at);
  }
}
