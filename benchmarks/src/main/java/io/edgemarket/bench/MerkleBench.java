package io.edgemarket.bench;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.SettlementBatch;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.merkle.MerkleTree;
import io.edgemarket.testing.InvocationSamples;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Merkle root of a 256-receipt batch: over precomputed leaf hashes ({@code root256}), and from
 * the receipts themselves as settlement does it, leaf hashing included ({@code batchRoot256}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MerkleBench {
  private List<Receipt> receipts;
  private List<byte[]> leaves;

  @Setup
  public void setUp() {
    CertificateAuthority ca = CertificateAuthority.create("BenchMSP");
    receipts =
        InvocationSamples.receipts(
            256,
            ca.enroll("broker", Role.BROKER),
            ca.enroll("provider-1", Role.PROVIDER),
            "offer-1",
            ca.enroll("consumer-1", Role.CONSUMER),
            "echo");
    leaves = receipts.stream().map(Receipt::leafHash).toList();
  }

  @Benchmark
  public String root256() {
    return MerkleTree.of(leaves).rootHex();
  }

  @Benchmark
  public String batchRoot256() {
    return SettlementBatch.rootOf(receipts);
  }
}
