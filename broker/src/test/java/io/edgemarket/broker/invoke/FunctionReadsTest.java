package io.edgemarket.broker.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgemarket.broker.chain.MarketLedger;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Transactions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: the ledger reads behind the function an invocation names, counted through the real
 * embedded ledger. A version (id + digest) is read once ever; the function's latest spec once per
 * expiry, however many calls find it expired at once; a redeploy still takes effect at once.
 */
class FunctionReadsTest {
  @TempDir static Path dir;
  private static TestMarket market;

  @BeforeAll
  static void start() throws Exception {
    market = new TestMarket(dir, 0, Duration.ofMillis(50));
  }

  @AfterAll
  static void stop() {
    market.close();
  }

  @Test
  void aVersionIsReadOnceAndTheLatestSpecOncePerExpiryEvenUnderConcurrentCalls() throws Exception {
    FunctionSpec function = register(market.consumer, "reads-" + System.nanoTime(), "aa");
    Counting gateway = new Counting(market.gateway(market.brokerId));
    AtomicLong clock = new AtomicLong(1_000_000);
    RegisteredFunctions functions = new RegisteredFunctions(new MarketLedger(gateway), clock::get);

    functions.require(function.functionId(), function.digest());
    functions.require(function.functionId(), function.digest());
    assertEquals(1, gateway.reads(Transactions.GET_FUNCTION));
    assertEquals(1, gateway.reads(Transactions.GET_FUNCTION_VERSION));

    clock.addAndGet(60_000); // expired: 16 calls at once
    int callers = 16;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<FunctionSpec>> calls = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        calls.add(
            pool.submit(
                () -> {
                  go.await();
                  return functions.require(function.functionId(), function.digest());
                }));
      }
      go.countDown();
      for (Future<FunctionSpec> call : calls) {
        assertEquals(function.digest(), call.get().digest());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(2, gateway.reads(Transactions.GET_FUNCTION), "one read for all 16 callers");
    assertEquals(1, gateway.reads(Transactions.GET_FUNCTION_VERSION), "a version never changes");
  }

  @Test
  void aRedeployIsSeenAtOnceAndTheOldDigestIsRefused() throws Exception {
    String name = "redeploy-" + System.nanoTime();
    FunctionSpec first = register(market.consumer, name, "bb");
    Counting gateway = new Counting(market.gateway(market.brokerId));
    AtomicLong clock = new AtomicLong(1_000_000);
    RegisteredFunctions functions = new RegisteredFunctions(new MarketLedger(gateway), clock::get);
    functions.require(first.functionId(), first.digest());

    FunctionSpec second = register(market.consumer, name, "cc");
    assertEquals(second.digest(), functions.require(second.functionId(), second.digest()).digest());
    assertEquals(2, gateway.reads(Transactions.GET_FUNCTION), "the new digest re-read at once");
    InvocationRefusedException refused =
        assertThrows(
            InvocationRefusedException.class,
            () -> functions.require(first.functionId(), first.digest()));
    assertEquals(Refusal.UNKNOWN_FUNCTION, refused.refusal());
  }

  private static FunctionSpec register(Identity owner, String name, String digestByte)
      throws LedgerException {
    FunctionSpec spec =
        new FunctionSpec(
            null,
            name,
            null,
            digestByte.repeat(32),
            "wasm",
            64L * 1024 * 1024,
            1000,
            TrustLevel.RECEIPT,
            1000,
            0);
    return Json.read(
        market.gateway(owner).submit(Transactions.REGISTER_FUNCTION, Json.write(spec)),
        FunctionSpec.class);
  }

  /** The broker's gateway, counting its reads by transaction. */
  private static final class Counting implements LedgerGateway {
    private final LedgerGateway inner;
    private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();

    Counting(LedgerGateway inner) {
      this.inner = inner;
    }

    int reads(String transaction) {
      AtomicInteger count = reads.get(transaction);
      return count == null ? 0 : count.get();
    }

    @Override
    public Identity identity() {
      return inner.identity();
    }

    @Override
    public String submit(String transaction, String... args) throws LedgerException {
      return inner.submit(transaction, args);
    }

    @Override
    public String evaluate(String transaction, String... args) throws LedgerException {
      reads.computeIfAbsent(transaction, t -> new AtomicInteger()).incrementAndGet();
      return inner.evaluate(transaction, args);
    }

    @Override
    public void close() {}
  }
}
