package io.edgemarket.bench;

import io.edgemarket.model.Assignment;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.testing.InvocationSamples;
import java.security.PublicKey;
import java.time.Duration;
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
 * A provider signing one receipt ({@link Receipt#sign}: payload, salted output digest, ECDSA P-256
 * with Bouncy Castle) and the ledger verifying one ({@link Receipt#verify}). Average time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ReceiptBench {
  private Identity provider;
  private PublicKey providerKey;
  private InvocationTicket ticket;
  private Assignment assignment;
  private Receipt receipt;

  @Setup
  public void setUp() {
    CertificateAuthority ca = CertificateAuthority.create("BenchMSP");
    provider = ca.enroll("provider-1", Role.PROVIDER);
    providerKey = provider.certificate().getPublicKey();
    Identity broker = ca.enroll("broker", Role.BROKER);
    ticket =
        InvocationSamples.ticket(
            ca.enroll("consumer-1", Role.CONSUMER),
            broker,
            "inv-1",
            "echo",
            1_000_000,
            System.currentTimeMillis(),
            Duration.ofHours(1));
    // The broker's placement is signed once, as the broker does before dispatch: only the
    // provider's receipt is measured.
    assignment = InvocationSamples.assignment(broker, ticket, provider, "offer-1");
    receipt = sign();
    if (!receipt.verify(providerKey)) {
      throw new IllegalStateException("the fixture receipt does not verify");
    }
  }

  @Benchmark
  public Receipt sign() {
    return InvocationSamples.receipt(
        provider,
        ticket,
        assignment,
        InvocationSamples.PER_INVOCATION,
        InvocationSamples.PER_MEGA_FUEL,
        InvocationSamples.FUEL);
  }

  @Benchmark
  public boolean verify() {
    return receipt.verify(providerKey);
  }
}
