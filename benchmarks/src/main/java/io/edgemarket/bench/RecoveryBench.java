package io.edgemarket.bench;

import io.edgemarket.chaincode.Contracts;
import io.edgemarket.ledger.embedded.EmbeddedGateway;
import io.edgemarket.ledger.embedded.EmbeddedLedger;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.SettlementBatch;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.testing.InvocationSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Issue 16: how long the embedded ledger takes to open after a crash, from its state store plus the
 * log's tail, against a full replay of the log. It builds a ledger of settled receipts through the
 * real chaincode ({@code settlement:SettleBatch} of 5,000 receipts at a time, signed on a second
 * thread meanwhile) until {@code --receipts} or the {@code --minutes} budget is reached, persists
 * the state store, settles {@code --tail} more batches after it and stops as a killed process would
 * (no close), and then opens the ledger in a fresh JVM each time (as a restarted broker would):
 * from the store plus the tail, then with the store moved aside (full replay, unless {@code
 * --no-replay}); and the first open's contract registration with the class path scan.
 *
 * <p>The directory is laid out as a market's data directory ({@code ca/}, {@code broker/ledger/}),
 * so that {@code ./edgemarket up --data DIR} can then start a broker on the ledger it built, to
 * measure a whole broker's restart (see BENCHMARKS.md).
 *
 * <pre>
 * java -Xmx10g -cp … io.edgemarket.bench.RecoveryBench [--receipts 1000000] [--minutes 10]
 *     [--tail 1] [--dir DIR] [--no-replay]
 * </pre>
 */
public final class RecoveryBench {
  private static final int BATCH = 5_000;
  private static final String OFFER = "offer-1";
  private static final String MSP = "EdgeMarketMSP";

  private RecoveryBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--open")) {
      openOnce(Path.of(args[1]), args[2].equals("scan"));
      return;
    }
    if (args.length > 0 && args[0].equals("--build")) {
      Path dir = Path.of(args[1]);
      CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), MSP);
      long built =
          build(
              dir.resolve("broker").resolve("ledger"),
              ca,
              Long.parseLong(args[2]),
              Duration.ofMinutes(Long.parseLong(args[3])),
              Integer.parseInt(args[4]));
      System.out.printf("built %d%n", built);
      System.out.flush();
      Runtime.getRuntime().halt(0); // no close, no shutdown hooks: as a SIGKILL leaves it
    }
    long receipts = 1_000_000;
    long minutes = 10;
    int tail = 1;
    Path dir = null;
    boolean replay = true;
    for (int i = 0; i < args.length; i += 2) {
      if (args[i].equals("--no-replay")) {
        replay = false;
        i--;
        continue;
      }
      switch (args[i]) {
        case "--receipts" -> receipts = Long.parseLong(args[i + 1]);
        case "--minutes" -> minutes = Long.parseLong(args[i + 1]);
        case "--tail" -> tail = Integer.parseInt(args[i + 1]);
        case "--dir" -> dir = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    dir = dir != null ? dir : Files.createTempDirectory("edgemarket-recovery-bench");
    Path ledgerDir = dir.resolve("broker").resolve("ledger");
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), MSP);
    Path small = dir.resolve("small");
    EmbeddedLedger.builder(small.resolve("broker").resolve("ledger"), ca)
        .contracts(Contracts.ALL)
        .open()
        .close();
    Files.copy(dir.resolve("ca"), small.resolve("ca"));
    for (Path file : List.of(Path.of("ca-cert.pem"), Path.of("ca-key.pem"))) {
      if (Files.exists(dir.resolve("ca").resolve(file))) {
        Files.copy(dir.resolve("ca").resolve(file), small.resolve("ca").resolve(file));
      }
    }
    String emptyScan = child(small, "scan");
    String emptyExplicit = child(small, "explicit");
    System.out.println("first open of an empty ledger, class path scan: " + emptyScan);
    System.out.println("first open of an empty ledger, Contracts.ALL:   " + emptyExplicit);
    String built =
        child(
            "--build",
            dir.toString(),
            Long.toString(receipts),
            Long.toString(minutes),
            Integer.toString(tail));
    System.out.printf("ledger: %s settled receipts, log %,d bytes%n", built, logBytes(ledgerDir));
    Path state = ledgerDir.resolve("state");
    System.out.printf("state store: %,d bytes%n", treeBytes(state));
    Path aside = dir.resolve("state-after-the-crash");
    copyTree(state, aside); // each open from it then starts from the same crash
    String fromStore = child(dir, "explicit");
    deleteTree(state);
    copyTree(aside, state);
    String fromStoreAgain = child(dir, "explicit");
    String clean = child(dir, "explicit");
    System.out.println("open after the crash, from the store + tail: " + fromStore);
    System.out.println("the same again:                             " + fromStoreAgain);
    System.out.println("open again (clean close, no tail):          " + clean);
    if (replay) {
      deleteTree(state);
      String full = child(dir, "explicit");
      System.out.println("open by full replay:       " + full);
    }
    deleteTree(aside);
  }

  private static long build(
      Path ledgerDir, CertificateAuthority ca, long receipts, Duration budget, int tail)
      throws Exception {
    long started = System.nanoTime();
    Identity admin = ca.enroll("bench-admin", Role.ADMIN);
    Identity consumer = ca.enroll("bench-consumer", Role.CONSUMER);
    Identity provider = ca.enroll("bench-provider", Role.PROVIDER);
    Identity broker = ca.enroll("bench-broker", Role.BROKER);
    ExecutorService signer = Executors.newSingleThreadExecutor();
    long settled = 0;
    EmbeddedLedger ledger = EmbeddedLedger.builder(ledgerDir, ca).contracts(Contracts.ALL).open();
    try {
      for (Identity participant : List.of(admin, consumer, provider, broker)) {
        new EmbeddedGateway(ledger, participant).submit(Transactions.REGISTER_PARTICIPANT);
      }
      new EmbeddedGateway(ledger, admin)
          .submit(Transactions.CREDIT_ESCROW, consumer.id(), "1000000000000000", "bench escrow");
      long expires = System.currentTimeMillis() + 7 * 86_400_000L;
      new EmbeddedGateway(ledger, provider)
          .submit(Transactions.PUBLISH_OFFER, Json.write(InvocationSamples.offer(OFFER, expires)));
      new EmbeddedGateway(ledger, consumer)
          .submit(Transactions.REGISTER_FUNCTION, InvocationSamples.functionJson("echo"));
      LedgerGateway gateway = new EmbeddedGateway(ledger, broker);
      CompletableFuture<String> next = sign(signer, broker, provider, consumer);
      long deadline = started + budget.toNanos();
      while (settled < receipts && System.nanoTime() < deadline) {
        String batch = next.get();
        next = sign(signer, broker, provider, consumer);
        settle(gateway, batch);
        settled += BATCH;
        if (settled % 50_000 == 0) {
          System.out.printf(
              "%,d receipts settled in %d s%n",
              settled, (System.nanoTime() - started) / 1_000_000_000);
        }
      }
      long t0 = System.nanoTime();
      long height = ledger.snapshot();
      System.out.printf(
          "state store persisted at height %d in %d ms%n",
          height, (System.nanoTime() - t0) / 1_000_000);
      for (int i = 0; i < tail; i++) {
        settle(gateway, next.get());
        next = sign(signer, broker, provider, consumer);
        settled += BATCH;
      }
      System.out.printf(
          "built %,d receipts in %d s (%d batches after the last persist)%n",
          settled, (System.nanoTime() - started) / 1_000_000_000, tail);
    } finally {
      signer.shutdownNow();
    }
    // Not closed: the state store stays as of the last persist, as a SIGKILL would leave it (the
    // log is fsynced per block, so the tail is in it). The caller's JVM exits without a close.
    return settled;
  }

  private static CompletableFuture<String> sign(
      ExecutorService signer, Identity broker, Identity provider, Identity consumer) {
    return CompletableFuture.supplyAsync(
        () -> {
          List<Receipt> receipts =
              InvocationSamples.receipts(BATCH, broker, provider, OFFER, consumer, "echo");
          return Json.write(SettlementBatch.of(UUID.randomUUID().toString(), receipts));
        },
        signer);
  }

  private static void settle(LedgerGateway gateway, String batch) throws Exception {
    String result = gateway.submit(Transactions.SETTLE_BATCH, batch);
    int paid = Json.tree(result).get("settled").size();
    if (paid != BATCH) {
      throw new IllegalStateException("only " + paid + " receipts were paid");
    }
  }

  /** Runs {@code --open} in a fresh JVM and returns what it printed. */
  private static String child(Path dir, String contracts) throws IOException, InterruptedException {
    return child("--open", dir.toString(), contracts);
  }

  /** Runs this class with {@code args} in a fresh JVM, its output shown; returns its last line. */
  private static String child(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx10g");
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(RecoveryBench.class.getName());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String last = "";
    try (var lines =
        new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!args[0].equals("--open")) {
          System.out.println("  " + line); // progress of the build
        }
        last = line.isBlank() ? last : line;
      }
    }
    if (process.waitFor() != 0) {
      throw new IllegalStateException(args[0] + " failed: " + last);
    }
    return last.startsWith("built ") ? last.substring("built ".length()) : last;
  }

  /** In a fresh JVM: opens the ledger once, as a restarted broker does, and reports the time. */
  private static void openOnce(Path dir, boolean scan) throws IOException {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), MSP);
    long t0 = System.nanoTime();
    EmbeddedLedger.Builder builder =
        EmbeddedLedger.builder(dir.resolve("broker").resolve("ledger"), ca);
    if (!scan) {
      builder.contracts(Contracts.ALL);
    }
    try (EmbeddedLedger ledger = builder.open()) {
      long opened = System.nanoTime();
      System.out.printf("%d ms (height %d)%n", (opened - t0) / 1_000_000, ledger.height());
    }
  }

  private static long treeBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      long total = 0;
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        total += Files.size(file);
      }
      return total;
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path path : files.toList()) {
        Files.copy(path, to.resolve(from.relativize(path).toString()));
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static long logBytes(Path ledgerDir) throws IOException {
    return Files.size(ledgerDir.resolve("blocks.jsonl"));
  }
}
