package io.edgemarket.ledger.embedded;

import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Certificates;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.ledger.Checkpoint;
import io.edgemarket.model.ledger.Endorsement;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerException.Phase;
import io.edgemarket.model.ledger.SignedProposal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hyperledger.fabric.contract.ContractInterface;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded ledger: runs the market's chaincode contracts in process over a durable,
 * hash-chained and signed block log in one directory (see the package documentation for what it is
 * and is not). It signs {@link Checkpoint}s of its chain (and keeps its own latest one in its key
 * directory) and, on request, {@link Endorsement}s of its answers. Thread-safe: any number of
 * threads may execute proposals at once; simulations run in parallel and one committer orders and
 * commits them.
 */
public final class EmbeddedLedger implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedLedger.class);
  private static final String KEEP_CHECKPOINT =
      "A checkpoint is only ever recorded for blocks already in the log: restore the log from a"
          + " backup.";

  private final CertificateAuthority msp;
  private final BlockLog log;
  private final WorldState world;
  private final LedgerSigner signer;
  private final CheckpointStore checkpoints;
  private final ProposalVerifier verifier;
  private final Endorser endorser;
  private final EventDispatcher events = new EventDispatcher();
  private final StatePersistence persistence;
  private final Committer committer;
  private final long replayedAtOpen;
  private volatile boolean closed;

  private EmbeddedLedger(
      CertificateAuthority msp,
      TrustRoots members,
      BlockLog log,
      WorldState world,
      LedgerSigner signer,
      CheckpointStore checkpoints,
      StatePersistence persistence,
      ChaincodeRuntime runtime,
      long replayedAtOpen) {
    this.msp = msp;
    this.log = log;
    this.world = world;
    this.signer = signer;
    this.checkpoints = checkpoints;
    this.persistence = persistence;
    this.replayedAtOpen = replayedAtOpen;
    this.verifier = new ProposalVerifier(members, Clock.systemUTC());
    this.endorser = new Endorser(world, runtime, msp.mspId());
    this.committer = new Committer(world, log, signer, events, checkpoints, persistence);
  }

  /**
   * Opens the ledger in {@code dir}, creating it (with its genesis block and signing identity) if
   * the directory holds none; it accepts proposals from {@code msp}'s certificates only. An
   * existing log is opened from its state store (the state on disk as of a block the log holds,
   * checked against that block), and the blocks after it are replayed and verified block by block
   * (all of them when the store is missing or does not match); a torn last line left by a crash is
   * cut off with a warning, and any other damage refuses the open with a {@link
   * CorruptLedgerException} naming the block, as does a log that no longer reaches the checkpoint
   * the ledger recorded in its key directory (see {@link Builder#keyDirectory}).
   *
   * @param msp the CA whose certificates the ledger trusts (its MSP root), which also issues the
   *     ledger's own signing certificate
   */
  public static EmbeddedLedger open(Path dir, CertificateAuthority msp) throws IOException {
    return builder(dir, msp).open();
  }

  /**
   * {@link #open(Path, CertificateAuthority)}, also accepting proposals from the certificates of
   * {@code members}' MSPs, each checked against its own MSP's root, as a channel of several
   * organisations does. The ledger's own signer stays enrolled with {@code msp}.
   */
  public static EmbeddedLedger open(Path dir, CertificateAuthority msp, TrustRoots members)
      throws IOException {
    return builder(dir, msp).members(members).open();
  }

  /** Configures the ledger in {@code dir} with {@code msp} as its own CA. */
  public static Builder builder(Path dir, CertificateAuthority msp) {
    return new Builder(dir, msp);
  }

  /** How to open an embedded ledger: its member organisations and where its key lives. */
  public static final class Builder {
    private final Path dir;
    private final CertificateAuthority msp;
    private TrustRoots members;
    private Path keyDirectory;
    private List<Class<? extends ContractInterface>> contracts = List.of();
    private StatePersistence.Policy persistence = StatePersistence.Policy.DEFAULT;

    private Builder(Path dir, CertificateAuthority msp) {
      this.dir = Objects.requireNonNull(dir, "dir");
      this.msp = Objects.requireNonNull(msp, "msp");
      this.members = TrustRoots.of(msp);
    }

    /** Also accept proposals from these MSPs' certificates (the ledger's own MSP always). */
    public Builder members(TrustRoots others) {
      TrustRoots all = TrustRoots.of(msp);
      for (String mspId : others.mspIds()) {
        all = all.and(mspId, others.root(mspId).orElseThrow());
      }
      this.members = all;
      return this;
    }

    /**
     * Where the ledger's signing key and its own checkpoint live; default: the system property
     * {@code edgemarket.ledger.keyDir}, else the environment variable {@code
     * EDGEMARKET_LEDGER_KEY_DIR}, else {@code signer/} in the ledger's directory. Kept apart from
     * the log (other storage, other owner), whoever can rewrite or cut the log cannot also sign or
     * move the checkpoint. One key directory serves one ledger.
     */
    public Builder keyDirectory(Path directory) {
      this.keyDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * The chaincode's contract classes, registered with Fabric's router as they are (the broker and
     * the cli pass {@code io.edgemarket.chaincode.Contracts.ALL}). Without them the router scans
     * the class path for {@code @Contract} classes, as a chaincode process does, which costs
     * seconds at the first open in a JVM.
     */
    public Builder contracts(List<Class<? extends ContractInterface>> classes) {
      this.contracts = List.copyOf(classes);
      return this;
    }

    /**
     * How often the state store is made durable (between two blocks), so that an open replays only
     * the log after it: after {@code blocks} blocks or {@code bytes} bytes of log, or {@code
     * interval} after the last if anything was committed (default 256 blocks, 8 MiB, 5 seconds);
     * {@code blocks} of 0 only at close and on {@link EmbeddedLedger#snapshot()}.
     */
    public Builder snapshotEvery(int blocks, long bytes, Duration interval) {
      if (blocks < 0 || bytes < 0 || interval.isNegative()) {
        throw new IllegalArgumentException("snapshot intervals must not be negative");
      }
      this.persistence = new StatePersistence.Policy(blocks, bytes, interval);
      return this;
    }

    public EmbeddedLedger open() throws IOException {
      return EmbeddedLedger.open(this);
    }
  }

  private static EmbeddedLedger open(Builder settings) throws IOException {
    Path dir = settings.dir;
    CertificateAuthority msp = settings.msp;
    // The router's start (class loading, contract metadata) takes as long as the rest of an open
    // from the state store, and needs none of it: it runs meanwhile, on another thread.
    CompletableFuture<ChaincodeRuntime> runtime =
        CompletableFuture.supplyAsync(() -> ChaincodeRuntime.get(settings.contracts));
    BlockLog log = BlockLog.open(dir);
    WorldState world = null;
    try {
      ChainVerifier.Result genesis = ChainVerifier.genesis(log, msp);
      StatePersistence.removeOldSnapshots(dir);
      world = new WorldState(openStore(StatePersistence.directory(dir), log));
      if (world.height() > 0 && !StatePersistence.matchesLog(world, log, msp, genesis)) {
        world.abandon();
        world = new WorldState(rebuild(StatePersistence.directory(dir), log));
      }
      StatePersistence persistence = new StatePersistence(world, settings.persistence);
      WorldState state = world;
      long from = world.height();
      ChainVerifier.BlockSink replay =
          (block, offset, end) -> {
            state.apply(block, offset, end);
            persistence.afterBlock();
          };
      ChainVerifier.Result chain;
      if (world.height() == 0) {
        chain = ChainVerifier.verify(log, log.length(), msp, replay);
      } else {
        WorldState.Tip tip = world.tip();
        ChainVerifier.Start start =
            new ChainVerifier.Start(
                tip.logEnd(),
                tip.height(),
                tip.lastHash(),
                genesis.signer(),
                world::knows,
                world.transactions(),
                world.rejected());
        chain = ChainVerifier.verifyFrom(log, start, log.length(), msp, replay);
        LOG.debug(
            "Ledger log {}: opened from the state store at height {}, replayed {} blocks after it",
            log.file(),
            tip.height(),
            chain.height() - tip.height());
      }
      Path keyDir = LedgerSigner.keyDirectory(dir, settings.keyDirectory);
      LedgerSigner signer = LedgerSigner.load(keyDir, msp);
      if (chain.height() > 0) {
        if (signer == null || !chain.signer().equals(signer.identity().certificate())) {
          throw new IOException(
              "the signing identity in "
                  + keyDir
                  + " is missing or is not the one that signed this ledger's log");
        }
        requireOwnCheckpoint(log, world, chain, keyDir, signer);
      }
      if (chain.end() < log.length()) {
        LOG.warn(
            "Ledger log {}: cutting off a torn last record of {} bytes at byte {} (a write"
                + " interrupted by a crash; it was never acknowledged)",
            log.file(),
            log.length() - chain.end(),
            chain.end());
        log.truncate(chain.end());
      }
      if (chain.height() == 0) {
        requireNoCheckpoint(log, keyDir);
        signer = signer != null ? signer : LedgerSigner.enroll(keyDir, msp);
        LogRecords.Config config =
            new LogRecords.Config(
                TxInput.CHANNEL,
                msp.mspId(),
                Pem.encode(msp.certificate()),
                signer.identity().certificatePem());
        LogCodec.Encoded first = signer.seal(0, LogCodec.NO_PREVIOUS, config, List.of(), List.of());
        log.append(first.line());
        world.apply(first.sealed(), 0, log.length());
      }
      CheckpointStore checkpoints = new CheckpointStore(keyDir, signer, world);
      checkpoints.write();
      persistence.persist(); // after a long replay, so that the next open need not repeat it
      return new EmbeddedLedger(
          msp,
          settings.members,
          log,
          world,
          signer,
          checkpoints,
          persistence,
          runtime.join(),
          chain.height() - from);
    } catch (IOException | RuntimeException e) {
      if (world != null) {
        world.abandon();
      }
      log.close();
      if (e instanceof CompletionException c && c.getCause() instanceof RuntimeException cause) {
        throw cause; // the router's start failed (a class that is not a contract)
      }
      throw e;
    }
  }

  /** The state store in {@code store}; one that cannot be opened is moved aside for a new one. */
  private static StateStore openStore(Path store, BlockLog log) throws IOException {
    try {
      return RocksStateStore.open(store);
    } catch (IOException e) {
      LOG.warn(
          "Ledger log {}: {}; rebuilding the state from the whole log", log.file(), e.getMessage());
      return rebuild(store, log);
    }
  }

  /** Moves the store in {@code store} aside (kept for inspection) and opens an empty one. */
  private static StateStore rebuild(Path store, BlockLog log) throws IOException {
    if (Files.exists(store)) {
      Path aside =
          store.resolveSibling(store.getFileName() + ".unusable-" + System.currentTimeMillis());
      Files.move(store, aside);
      LOG.warn("Ledger log {}: moved the unusable state store to {}", log.file(), aside);
    }
    return RocksStateStore.open(store);
  }

  /** Refuses a log that no longer reaches the checkpoint this ledger recorded (before any cut). */
  private static void requireOwnCheckpoint(
      BlockLog log, WorldState world, ChainVerifier.Result chain, Path keyDir, LedgerSigner signer)
      throws IOException {
    Path file = CheckpointStore.file(keyDir, world.ledgerId());
    Checkpoint own = CheckpointStore.read(file);
    if (own == null) {
      LOG.warn(
          "Ledger log {}: NO CHECKPOINT of this ledger in {}: whether blocks were cut off the end"
              + " of its log cannot be told; one is recorded from now on",
          log.file(),
          keyDir);
      return;
    }
    if (!CheckpointCheck.signedBy(own, signer.identity().certificate())) {
      throw new IOException(
          "the ledger's checkpoint " + file + " is not signed by the ledger: it was altered");
    }
    CheckpointCheck.require(
        log.file(),
        chain.height(),
        chain.end(),
        world::hashAt,
        own,
        "the ledger's own (" + file + ")",
        "Refusing to open it. " + KEEP_CHECKPOINT);
  }

  /** An empty log beside a key directory that recorded a checkpoint: the log was removed. */
  private static void requireNoCheckpoint(BlockLog log, Path keyDir) throws IOException {
    if (!Files.isDirectory(keyDir)) {
      return;
    }
    try (Stream<Path> files = Files.list(keyDir)) {
      Path recorded =
          files
              .filter(f -> f.getFileName().toString().matches("checkpoint-[0-9a-f]+\\.json"))
              .findFirst()
              .orElse(null);
      if (recorded != null) {
        Checkpoint checkpoint = CheckpointStore.read(recorded);
        throw new CorruptLedgerException(
            log.file(),
            0,
            0,
            "the log is empty but "
                + recorded
                + " records a ledger at "
                + (checkpoint == null ? "?" : checkpoint.describe())
                + ": the whole log was removed",
            "Refusing to start a new ledger over it: restore the log, or give a new ledger its own"
                + " key directory.");
      }
    }
  }

  /**
   * Executes a signed proposal. With {@code submit}, the transaction is simulated, ordered and
   * committed, and its result returned once it is durable; otherwise it is only simulated and
   * nothing is written.
   *
   * @throws LedgerException ENDORSE/UNAUTHENTICATED for a proposal the MSP does not accept,
   *     ENDORSE/DUPLICATE for a transaction id already used (committed, or recorded as invalid),
   *     ENDORSE (EVALUATE when not submitting) with the chaincode's own code for a chaincode error,
   *     COMMIT/MVCC_READ_CONFLICT when what it read changed before it could commit (its id is then
   *     used: the same proposal can never commit), COMMIT/DUPLICATE, and UNAVAILABLE when the
   *     ledger is closed or has stopped committing
   */
  public String execute(SignedProposal proposal, boolean submit) throws LedgerException {
    return run(proposal, submit).result();
  }

  /**
   * {@link #execute}, with the ledger's {@link Endorsement} of the answer: signed by the ledger's
   * signing identity over the proposal, the result and the chain's height and last hash (those it
   * read for an evaluation; those after the commit for a submission), so that a client reading it
   * through a relay can tell the ledger's answer from a made-up one.
   */
  public Endorsement.Answer executeEndorsed(SignedProposal proposal, boolean submit)
      throws LedgerException {
    Outcome outcome = run(proposal, submit);
    Endorsement endorsement =
        Endorsement.sign(
            signer.identity(),
            world.ledgerId(),
            proposal,
            outcome.result(),
            submit,
            outcome.at().height(),
            outcome.at().lastHash());
    return new Endorsement.Answer(outcome.result(), endorsement);
  }

  private record Outcome(String result, WorldState.Tip at) {}

  private Outcome run(SignedProposal proposal, boolean submit) throws LedgerException {
    if (closed) {
      throw new LedgerException(
          Phase.CONNECT, ErrorCodes.UNAVAILABLE, null, "the embedded ledger is closed");
    }
    X509Certificate certificate = verifier.verify(proposal);
    String txId = proposal.transactionId();
    if (world.knows(txId)) {
      throw new LedgerException(
          Phase.ENDORSE,
          ErrorCodes.DUPLICATE,
          txId,
          "transaction id already used (committed, or recorded as invalid)");
    }
    String creator =
        Certificates.participantId(Certificates.commonName(certificate), proposal.mspId());
    Simulation simulation =
        endorser.simulate(proposal, creator, submit ? Phase.ENDORSE : Phase.EVALUATE);
    if (!submit) {
      return new Outcome(simulation.result(), simulation.readAt());
    }
    try {
      String result = committer.submit(simulation).get();
      return new Outcome(result, world.tip());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof LedgerException ledgerException) {
        throw ledgerException;
      }
      throw new LedgerException(Phase.COMMIT, ErrorCodes.INTERNAL, txId, e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerException(
          Phase.COMMIT,
          ErrorCodes.UNAVAILABLE,
          txId,
          "interrupted while waiting for the commit; the transaction may still commit");
    }
  }

  /** The ledger's signed checkpoint of its last block, for clients and auditors to keep. */
  public Checkpoint checkpoint() {
    return checkpoints.current();
  }

  /**
   * A signed checkpoint of block {@code height - 1} as this ledger holds it, for whoever kept an
   * earlier checkpoint at that height to compare.
   *
   * @throws LedgerException EVALUATE/NOT_FOUND when the ledger holds fewer blocks
   */
  public Checkpoint checkpoint(long height) throws LedgerException {
    String hash = world.hashAt(height);
    if (hash == null) {
      throw new LedgerException(
          Phase.EVALUATE,
          ErrorCodes.NOT_FOUND,
          null,
          "the ledger holds " + world.height() + " blocks, not " + height);
    }
    return Checkpoint.sign(
        signer.identity(), world.ledgerId(), height, hash, System.currentTimeMillis());
  }

  /**
   * Re-reads the whole log from disk, verifies every block's hash, link and signature, and that the
   * log still holds the block {@code kept} names (a checkpoint this ledger signed, kept by a client
   * or auditor): at least that many blocks, and that very block at its height.
   *
   * @throws CorruptLedgerException naming both heights when the log was cut short or rewritten
   * @throws IllegalArgumentException when {@code kept} is not signed by this ledger
   */
  public LogSummary verifyChain(Checkpoint kept) throws IOException {
    Objects.requireNonNull(kept, "kept");
    if (!CheckpointCheck.signedBy(kept, signer.identity().certificate())) {
      throw new IllegalArgumentException(
          "the checkpoint " + kept.describe() + " is not signed by this ledger's signer");
    }
    Map<Long, String> hashes = new HashMap<>();
    long length = log.length();
    ChainVerifier.Result chain =
        ChainVerifier.verify(
            log,
            length,
            msp,
            (block, offset, end) -> {
              long height = block.block().number() + 1;
              if (height == 1 || height == kept.height()) {
                hashes.put(height, block.hash());
              }
            });
    CheckpointCheck.require(
        log.file(),
        chain.height(),
        chain.end(),
        hashes::get,
        kept,
        "the kept",
        "The ledger no longer holds what it signed.");
    return summary(chain);
  }

  /** Blocks in the log, the genesis block included. */
  public long height() {
    return world.height();
  }

  /** Re-reads the whole log from disk and verifies every block's hash, link and signature. */
  public LogSummary verifyLog() throws IOException {
    long length = log.length();
    return summary(ChainVerifier.verify(log, length, msp, (block, offset, end) -> {}));
  }

  /**
   * Makes the state store durable now and returns the height it covers (the ledger also does so as
   * it commits, see {@link Builder#snapshotEvery}); the next open starts from the store, once its
   * last block verifies against the log, and replays only the blocks after it.
   */
  public long snapshot() throws IOException {
    return persistence.persist();
  }

  private LogSummary summary(ChainVerifier.Result chain) {
    String signerId =
        Certificates.participantId(Certificates.commonName(chain.signer()), msp.mspId());
    return new LogSummary(
        chain.height(),
        chain.transactions(),
        chain.rejected(),
        chain.lastHash(),
        signerId,
        chain.end());
  }

  /**
   * Listens to the chaincode events of transactions committed from now on (the log is not replayed
   * to listeners), delivered in commit order on the ledger's event thread.
   */
  public void addListener(Consumer<LedgerEvent> listener) {
    events.add(listener);
  }

  public void removeListener(Consumer<LedgerEvent> listener) {
    events.remove(listener);
  }

  /** For tests: the committed state. */
  WorldState world() {
    return world;
  }

  /** For tests: how many blocks the open replayed from the log (all, without a usable store). */
  long replayedAtOpen() {
    return replayedAtOpen;
  }

  /**
   * For tests: stops as a killed process would, leaving the state store as of its last persist and
   * the checkpoint as last written.
   */
  synchronized void crash() throws IOException {
    closed = true;
    try {
      committer.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    events.close();
    world.abandon();
    log.close();
  }

  /** For tests: true while a block waits for running simulations before it is applied. */
  boolean blockWaiting() {
    return world.blockWaiting();
  }

  /** Commits what was already submitted, then closes the log. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      committer.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    checkpoints.writeQuietly();
    persistence.close();
    events.close();
    try {
      log.close();
    } catch (IOException e) {
      LOG.warn("closing the ledger log {} failed", log.file(), e);
    }
  }
}
