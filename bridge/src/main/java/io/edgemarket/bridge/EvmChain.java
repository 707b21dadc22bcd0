package io.edgemarket.bridge;

import io.edgemarket.bridge.contracts.EdgeEscrow;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * One account's connection to one EVM chain: a web3j client over JSON-RPC that signs with {@code
 * credentials} for {@code chainId} (EIP-155) and polls for receipts every {@code pollingInterval}
 * (200 ms unless told: web3j's own default is 15 s). Built with {@link #builder()}; closing it
 * shuts the client down.
 */
public final class EvmChain implements AutoCloseable {
  private final Web3j web3j;
  private final Credentials credentials;
  private final long chainId;
  private final TransactionManager transactions;
  private final ContractGasProvider gas;
  private final Duration pollingInterval;

  private EvmChain(Builder builder) {
    this.credentials = builder.credentials;
    this.chainId = builder.chainId;
    this.pollingInterval = builder.pollingInterval;
    this.gas = builder.gas != null ? builder.gas : defaultGas(chainId);
    long pollMs = pollingInterval.toMillis();
    // An executor of its own (web3j's default adds a JVM shutdown hook per client), shut down
    // with the client.
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "evm-chain-" + chainId);
              thread.setDaemon(true);
              return thread;
            });
    this.web3j = Web3j.build(new HttpService(builder.rpcUrl), pollMs, scheduler);
    int attempts = (int) Math.max(1, builder.receiptTimeout.toMillis() / pollMs);
    this.transactions =
        new RawTransactionManager(
            web3j,
            credentials,
            chainId,
            new PollingTransactionReceiptProcessor(web3j, pollMs, attempts));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Deploys an EdgeEscrow holding {@code token}, whose bridge key is {@code bridgeSigner}. */
  public EdgeEscrow deployEscrow(String token, String bridgeSigner) throws Exception {
    return EdgeEscrow.deploy(web3j, transactions, gas, token, bridgeSigner).send();
  }

  /** The EdgeEscrow at {@code address}, used from this account. */
  public EdgeEscrow escrow(String address) {
    return EdgeEscrow.load(address, web3j, transactions, gas);
  }

  /** Fails unless the node serves the chain this client signs for. */
  public void checkChainId() throws IOException {
    long served = web3j.ethChainId().send().getChainId().longValueExact();
    if (served != chainId) {
      throw new IllegalStateException(
          "the node serves chain " + served + ", this client signs for chain " + chainId);
    }
  }

  public String address() {
    return credentials.getAddress();
  }

  /** This account's key as the escrow's bridge key: what signs withdrawal statements. */
  public BridgeSigner signer() {
    return BridgeSigner.of(credentials);
  }

  public long chainId() {
    return chainId;
  }

  public Duration pollingInterval() {
    return pollingInterval;
  }

  public Web3j web3j() {
    return web3j;
  }

  public TransactionManager transactions() {
    return transactions;
  }

  public ContractGasProvider gas() {
    return gas;
  }

  @Override
  public void close() {
    web3j.shutdown();
  }

  /** Fixed EIP-1559 fees that any development chain accepts; set real ones for a real chain. */
  private static ContractGasProvider defaultGas(long chainId) {
    return new StaticEIP1559GasProvider(
        chainId,
        BigInteger.valueOf(50_000_000_000L),
        BigInteger.valueOf(1_000_000_000L),
        BigInteger.valueOf(3_000_000L));
  }

  /** Checks each setting as it is given; {@link #build()} checks that the required ones were. */
  public static final class Builder {
    private String rpcUrl;
    private Credentials credentials;
    private long chainId;
    private Duration pollingInterval = Duration.ofMillis(200);
    private Duration receiptTimeout = Duration.ofMinutes(2);
    private ContractGasProvider gas;

    private Builder() {}

    /** The node's JSON-RPC endpoint, http or https. */
    public Builder rpcUrl(String url) {
      URI uri;
      try {
        uri = URI.create(Objects.requireNonNull(url, "rpcUrl"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("rpcUrl is no URL: " + url, e);
      }
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new IllegalArgumentException("rpcUrl must be an http(s) URL with a host: " + url);
      }
      this.rpcUrl = url;
      return this;
    }

    public Builder credentials(Credentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    public Builder chainId(long chainId) {
      if (chainId <= 0) {
        throw new IllegalArgumentException("chainId must be positive, not " + chainId);
      }
      this.chainId = chainId;
      return this;
    }

    /** How often to ask for a receipt: between 10 ms and 1 min (default 200 ms). */
    public Builder pollingInterval(Duration interval) {
      Objects.requireNonNull(interval, "pollingInterval");
      if (interval.toMillis() < 10 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("pollingInterval must be 10 ms to 1 min: " + interval);
      }
      this.pollingInterval = interval;
      return this;
    }

    /** How long to wait for a transaction's receipt before giving up (default 2 min). */
    public Builder receiptTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "receiptTimeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("receiptTimeout must be positive: " + timeout);
      }
      this.receiptTimeout = timeout;
      return this;
    }

    /** Fees and gas limit; by default fixed EIP-1559 fees fit for a development chain. */
    public Builder gas(ContractGasProvider gas) {
      this.gas = Objects.requireNonNull(gas, "gas");
      return this;
    }

    public EvmChain build() {
      if (rpcUrl == null || credentials == null || chainId == 0) {
        throw new IllegalStateException("rpcUrl, credentials and chainId are required");
      }
      if (receiptTimeout.compareTo(pollingInterval) < 0) {
        throw new IllegalStateException("receiptTimeout is shorter than pollingInterval");
      }
      return new EvmChain(this);
    }
  }
}
