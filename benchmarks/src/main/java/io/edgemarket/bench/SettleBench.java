package io.edgemarket.bench;

import io.edgemarket.ledger.embedded.EmbeddedGateway;
import io.edgemarket.ledger.embedded.EmbeddedLedger;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.SettlementBatch;
import io.edgemarket.model.Statement;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.testing.InvocationSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Settlement on the embedded ledger (the real chaincode, in process, with its durable block log):
 * one {@code settlement:SettleBatch} of {@value #BATCH} fresh receipts, submitted by the broker
 * through {@link EmbeddedGateway}. The receipts are signed before each call, outside the timing;
 * every one must be paid. Warm-up is long because the chaincode path is only JIT-compiled after a
 * few dozen batches. Receipts per second = {@value #BATCH} x ops/s.
 *
 * <p>{@code proof}: {@code signatures} has the chaincode verify each receipt's and each ticket's
 * own signature; {@code statements} sends the provider's statement over the batch's receipts and
 * the consumer's over their tickets with it, as agents and the SDK now sign them (issue 11), so the
 * chaincode verifies two signatures for the batch instead of two per receipt. Statements are signed
 * outside the timing, as they are signed by those parties, not by the settler.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 10)
public class SettleBench {
  static final int BATCH = 256;
  private static final String OFFER = "offer-1";

  private Path dir;
  private EmbeddedLedger ledger;
  private LedgerGateway broker;
  private Identity brokerIdentity;
  private Identity consumer;
  private Identity provider;
  private String batchJson;

  @Param({"signatures", "statements"})
  public String proof;

  @Setup(Level.Trial)
  public void setUp() throws IOException, LedgerException {
    dir = Files.createTempDirectory("edgemarket-settle-bench");
    CertificateAuthority ca = CertificateAuthority.create("EdgeMarketMSP");
    ledger = EmbeddedLedger.open(dir.resolve("ledger"), ca);
    Identity admin = ca.enroll("admin", Role.ADMIN);
    consumer = ca.enroll("consumer-1", Role.CONSUMER);
    provider = ca.enroll("provider-1", Role.PROVIDER);
    brokerIdentity = ca.enroll("broker", Role.BROKER);
    broker = new EmbeddedGateway(ledger, brokerIdentity);
    for (Identity participant : List.of(admin, consumer, provider)) {
      gateway(participant).submit(Transactions.REGISTER_PARTICIPANT);
    }
    broker.submit(Transactions.REGISTER_PARTICIPANT);
    gateway(admin)
        .submit(Transactions.CREDIT_ESCROW, consumer.id(), "1000000000000", "benchmark escrow");
    long expires = System.currentTimeMillis() + 86_400_000;
    gateway(provider)
        .submit(Transactions.PUBLISH_OFFER, Json.write(InvocationSamples.offer(OFFER, expires)));
    gateway(consumer)
        .submit(Transactions.REGISTER_FUNCTION, InvocationSamples.functionJson("echo"));
  }

  @Setup(Level.Invocation)
  public void signBatch() {
    List<Receipt> receipts =
        InvocationSamples.receipts(BATCH, brokerIdentity, provider, OFFER, consumer, "echo");
    // Signed by the broker, as its settler signs every batch (the chaincode then verifies one
    // signature for the batch's assignments instead of one per receipt).
    SettlementBatch batch =
        SettlementBatch.signed(UUID.randomUUID().toString(), receipts, brokerIdentity);
    if ("statements".equals(proof)) {
      String id = UUID.randomUUID().toString();
      batch =
          batch.withStatements(
              List.of(
                  Statement.sign(
                      Statement.RECEIPTS,
                      provider,
                      id,
                      receipts.stream().map(Receipt::leafHash).toList()),
                  Statement.sign(
                      Statement.TICKETS,
                      consumer,
                      id,
                      receipts.stream().map(r -> r.ticket().leafHash()).toList())));
    }
    batchJson = Json.write(batch);
  }

  @Benchmark
  public String settle256() throws LedgerException {
    String result = broker.submit(Transactions.SETTLE_BATCH, batchJson);
    int settled = Json.tree(result).get("settled").size();
    if (settled != BATCH) {
      throw new IllegalStateException("only " + settled + " receipts were paid: " + result);
    }
    return result;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    ledger.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private LedgerGateway gateway(Identity identity) {
    return new EmbeddedGateway(ledger, identity);
  }
}
