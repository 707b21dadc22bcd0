package io.edgemarket.bridge.service;

import io.edgemarket.bridge.EvmChain;
import io.edgemarket.model.Role;
import io.edgemarket.model.ledger.LedgerGateway;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The market's EVM bridge (docs/bridge.md, "The bridge service"): credits the escrow's confirmed
 * deposits on the ledger, pays the ledger's withdrawals from the escrow, and anchors the latest
 * settlement root every so many batches, as the ledger participant with role {@code bridge} and the
 * escrow's bridge key. Everything it has done is on the ledger or the chain, so a new instance
 * resumes where a stopped or killed one left off.
 *
 * <p>{@link #start()} runs a pass every poll interval on a thread of its own until {@link
 * #close()}; {@link #syncOnce()} runs one now (the two never overlap). It neither opens nor closes
 * the chain client and the ledger gateway it is given.
 */
public final class BridgeService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BridgeService.class);

  private final EscrowChain chain;
  private final DepositDuty deposits;
  private final Duties duties;
  private final Duration pollInterval;
  private final Counters counters = new Counters();
  private final Outage node = new Outage("the chain's node");
  private final Outage ledgerOutage = new Outage("the ledger");
  private final Object passLock = new Object();
  private ScheduledExecutorService loop;
  private String lastFailure;
  private volatile boolean closed;

  private BridgeService(Builder b) {
    this.chain = new EscrowChain(b.chain, b.escrow, b.startBlock, b.maxBlockRange);
    BridgeLedger ledger = new BridgeLedger(b.ledger);
    this.deposits =
        new DepositDuty(chain, ledger, b.confirmations, b.maxBlockRange, b.startBlock, counters);
    this.duties =
        new Duties(
            chain,
            deposits,
            new WithdrawalDuty(chain, ledger, b.chain.signer(), counters, b.afterPayment),
            new AnchorDuty(chain, ledger, b.anchorEveryBatches, counters),
            counters,
            node,
            ledgerOutage);
    this.pollInterval = b.pollInterval;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts polling on a daemon thread of its own; a second call does nothing. */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("the bridge service is closed");
    }
    if (loop != null) {
      return;
    }
    loop =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "bridge-" + chain.chainId());
              thread.setDaemon(true);
              return thread;
            });
    loop.scheduleWithFixedDelay(this::poll, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    LOG.info(
        "bridge: serving escrow {} on chain {}, every {} ms",
        chain.address(),
        chain.chainId(),
        pollInterval.toMillis());
  }

  /**
   * One pass of every duty now: deposits, withdrawals, anchors. Each runs even when one before it
   * failed (they touch different things); what each did stays done.
   *
   * @throws BridgeException when a duty did not finish (node or ledger unreachable, a payment out
   *     of gas, a wrong configuration), after the others ran
   */
  public SyncReport syncOnce() {
    synchronized (passLock) {
      return duties.runOnce();
    }
  }

  /** The loop's pass: failures are logged (an outage once), never thrown. */
  private void poll() {
    if (closed) {
      return;
    }
    try {
      syncOnce();
      lastFailure = null;
    } catch (BridgeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      boolean outage = Duties.ledgerUnreachable(cause) || Duties.nodeUnreachable(cause);
      String message = e.getMessage();
      if (!outage && !message.equals(lastFailure)) {
        LOG.warn("bridge: {}", message, e);
      }
      lastFailure = message;
    } catch (RuntimeException | Error e) {
      // Nothing may end the loop: the next poll tries again.
      LOG.error("bridge: unexpected failure in a pass", e);
    }
  }

  /** Stops polling (a pass under way finishes first); the service cannot be started again. */
  @Override
  public void close() {
    ScheduledExecutorService running;
    synchronized (this) {
      closed = true;
      running = loop;
      loop = null;
    }
    if (running != null) {
      running.shutdown();
      try {
        if (!running.awaitTermination(30, TimeUnit.SECONDS)) {
          running.shutdownNow();
        }
      } catch (InterruptedException e) {
        running.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  public synchronized boolean isRunning() {
    return loop != null && !closed;
  }

  /** Deposits credited on the ledger by this service. */
  public long depositsCredited() {
    return counters.depositsCredited.get();
  }

  /** Deposits the ledger refused; {@link #refusedDeposits()} lists them. */
  public long depositsRefused() {
    return counters.depositsRefused.get();
  }

  /** Deposits the ledger refused (not registered, too large, …): tokens to refund by hand. */
  public List<RefusedDeposit> refusedDeposits() {
    return deposits.refused();
  }

  public long withdrawalsReleased() {
    return counters.withdrawalsReleased.get();
  }

  /** Withdrawals recorded PAID, whether paid now or found paid by an earlier run. */
  public long withdrawalsPaid() {
    return counters.withdrawalsPaid.get();
  }

  /** Payments an earlier run made but did not record, found on chain and recorded. */
  public long paymentsRecovered() {
    return counters.paymentsRecovered.get();
  }

  /** Payments that ran out of gas (then retried with the node's estimate). */
  public long gasShortfalls() {
    return counters.gasShortfalls.get();
  }

  public long anchorsRecorded() {
    return counters.anchorsRecorded.get();
  }

  public long passes() {
    return counters.passes.get();
  }

  public long failedPasses() {
    return counters.failedPasses.get();
  }

  /** Times the chain's node became unreachable (each outage counted once). */
  public long nodeOutages() {
    return node.count();
  }

  /** Times the ledger became unreachable (each outage counted once). */
  public long ledgerOutages() {
    return ledgerOutage.count();
  }

  /** The last block whose deposits were handled, as last seen; -1 before the first pass. */
  public long cursor() {
    return deposits.cursor();
  }

  /** Checks each setting as it is given; {@link #build()} checks the required ones were. */
  public static final class Builder {
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private EvmChain chain;
    private String escrow;
    private LedgerGateway ledger;
    private int confirmations = 2;
    private int anchorEveryBatches = 10;
    private Duration pollInterval = Duration.ofSeconds(1);
    private long startBlock;
    private int maxBlockRange = 1000;
    private Consumer<String> afterPayment = txHash -> {};

    private Builder() {}

    /** The bridge key's client of the chain: it signs statements, pays and anchors. */
    public Builder chain(EvmChain chain) {
      this.chain = Objects.requireNonNull(chain, "chain");
      return this;
    }

    /** The EdgeEscrow's address, {@code 0x} and 40 hex digits. */
    public Builder escrow(String escrowAddress) {
      if (escrowAddress == null || !ADDRESS.matcher(escrowAddress).matches()) {
        throw new IllegalArgumentException(
            "escrow must be a 0x-prefixed 20-byte address: " + escrowAddress);
      }
      this.escrow = escrowAddress;
      return this;
    }

    /** The ledger, as the participant with role bridge. */
    public Builder ledger(LedgerGateway gateway) {
      Objects.requireNonNull(gateway, "ledger");
      if (gateway.identity().role() != Role.BRIDGE) {
        throw new IllegalArgumentException(
            "the ledger gateway must sign as role bridge, not "
                + gateway.identity().role()
                + " ("
                + gateway.identity().id()
                + ")");
      }
      this.ledger = gateway;
      return this;
    }

    /** Blocks built on a deposit's block before it is credited: 0 to 10000 (default 2). */
    public Builder confirmations(int n) {
      if (n < 0 || n > 10_000) {
        throw new IllegalArgumentException("confirmations must be 0 to 10000, not " + n);
      }
      this.confirmations = n;
      return this;
    }

    /** Settled batches between anchors: 1 to 100000 (default 10). */
    public Builder anchorEveryBatches(int n) {
      if (n < 1 || n > 100_000) {
        throw new IllegalArgumentException("anchorEveryBatches must be 1 to 100000, not " + n);
      }
      this.anchorEveryBatches = n;
      return this;
    }

    /** How long the loop waits between passes: 10 ms to 1 h (default 1 s). */
    public Builder pollInterval(Duration d) {
      Objects.requireNonNull(d, "pollInterval");
      if (d.toMillis() < 10 || d.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("pollInterval must be 10 ms to 1 h: " + d);
      }
      this.pollInterval = d;
      return this;
    }

    /**
     * The first block to read deposits from while the ledger has no cursor for this chain (the
     * escrow's deployment block; default 0), and where searches for lost payments start.
     */
    public Builder startBlock(long block) {
      if (block < 0) {
        throw new IllegalArgumentException("startBlock must not be negative: " + block);
      }
      this.startBlock = block;
      return this;
    }

    /** The most blocks one log query spans: 1 to 100000 (default 1000; nodes bound it). */
    public Builder maxBlockRange(int blocks) {
      if (blocks < 1 || blocks > 100_000) {
        throw new IllegalArgumentException("maxBlockRange must be 1 to 100000, not " + blocks);
      }
      this.maxBlockRange = blocks;
      return this;
    }

    /** Tests: runs with a payment's hash once the chain confirmed it, before it is recorded. */
    Builder afterPayment(Consumer<String> hook) {
      this.afterPayment = Objects.requireNonNull(hook, "afterPayment");
      return this;
    }

    public BridgeService build() {
      if (chain == null || escrow == null || ledger == null) {
        throw new IllegalStateException("chain, escrow and ledger are required");
      }
      return new BridgeService(this);
    }
  }
}
