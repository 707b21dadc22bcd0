package io.edgemarket.bridge.service;

import io.edgemarket.bridge.EvmChain;
import io.edgemarket.bridge.WithdrawalStatement;
import io.edgemarket.bridge.contracts.EdgeEscrow;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.gas.ContractEIP1559GasProvider;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.utils.Numeric;

/**
 * The escrow as the bridge service reads and drives it, through the bridge key's client: the head,
 * deposit events in a block range, used nonces and the payment that used one, anchored roots and
 * the transaction that anchored one, and the bridge key's two transactions.
 */
final class EscrowChain {
  private final EvmChain chain;
  private final String address;
  private final EdgeEscrow escrow;
  private final long firstBlock;
  private final int range;

  /**
   * {@code firstBlock}: where to start looking for a payment or an anchor the service lost track
   * of; {@code range}: the most blocks one {@code eth_getLogs} asks for (nodes bound it).
   */
  EscrowChain(EvmChain chain, String address, long firstBlock, int range) {
    this.chain = chain;
    this.address = address.toLowerCase(Locale.ROOT);
    this.escrow = chain.escrow(address);
    this.firstBlock = firstBlock;
    this.range = range;
  }

  String address() {
    return address;
  }

  long chainId() {
    return chain.chainId();
  }

  long head() throws IOException {
    return chain.web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
  }

  /** Fails unless the node serves this chain and the escrow's bridge key is this client's. */
  void checkIdentity() throws Exception {
    chain.checkChainId();
    String signer = escrow.bridgeSigner().send();
    if (!chain.address().equalsIgnoreCase(signer)) {
      throw new IllegalStateException(
          "the escrow at "
              + address
              + " takes statements signed by "
              + signer
              + ", not by this bridge key "
              + chain.address());
    }
  }

  /** Every Deposited event in blocks {@code from..to}, in chain order. */
  List<ChainDeposit> deposits(long from, long to) throws IOException {
    List<ChainDeposit> found = new ArrayList<>();
    for (Log log : logs(from, to, EventEncoder.encode(EdgeEscrow.DEPOSITED_EVENT))) {
      EdgeEscrow.DepositedEventResponse event = EdgeEscrow.getDepositedEventFromLog(log);
      found.add(
          new ChainDeposit(
              chain.chainId(),
              address,
              log.getBlockNumber().longValueExact(),
              log.getTransactionHash().toLowerCase(Locale.ROOT),
              log.getLogIndex().longValueExact(),
              event.marketAccount,
              event.from,
              event.amount));
    }
    found.sort(
        Comparator.comparingLong(ChainDeposit::blockNumber)
            .thenComparingLong(ChainDeposit::logIndex));
    return found;
  }

  boolean usedNonce(long nonce) throws Exception {
    return escrow.usedNonce(BigInteger.valueOf(nonce)).send();
  }

  /** The Withdrawn event that spent {@code nonce}, if the chain has one. */
  Optional<PaidOnChain> payment(long nonce) throws Exception {
    // Withdrawn(string marketAccount, address indexed to, uint256 amount, uint256 indexed nonce)
    Optional<Log> found =
        latest(EventEncoder.encode(EdgeEscrow.WITHDRAWN_EVENT), null, topic(nonce));
    return found.map(
        log -> {
          EdgeEscrow.WithdrawnEventResponse event = EdgeEscrow.getWithdrawnEventFromLog(log);
          return new PaidOnChain(
              log.getTransactionHash().toLowerCase(Locale.ROOT),
              event.marketAccount,
              event.to.toLowerCase(Locale.ROOT),
              event.amount);
        });
  }

  /** The root anchored at {@code height}, or empty. */
  Optional<byte[]> anchored(long height) throws Exception {
    byte[] root = escrow.anchors(BigInteger.valueOf(height)).send();
    return new BigInteger(1, root).signum() == 0 ? Optional.empty() : Optional.of(root);
  }

  /** The transaction that anchored {@code height}, if the chain has one. */
  Optional<String> anchoring(long height) throws IOException {
    return latest(EventEncoder.encode(EdgeEscrow.ANCHORED_EVENT), topic(height))
        .map(log -> log.getTransactionHash().toLowerCase(Locale.ROOT));
  }

  /** Anchors {@code root} at {@code height} with the client's gas; throws unless it succeeded. */
  TransactionReceipt anchor(long height, byte[] root) throws Exception {
    return escrow.anchor(BigInteger.valueOf(height), root).send();
  }

  /**
   * Pays {@code statement} with {@code signature}, with {@code gasLimit} (empty: the client's own);
   * throws unless the transaction succeeded.
   */
  TransactionReceipt withdraw(
      WithdrawalStatement statement, byte[] signature, Optional<BigInteger> gasLimit)
      throws Exception {
    EdgeEscrow payer =
        gasLimit.isEmpty()
            ? escrow
            : EdgeEscrow.load(
                address, chain.web3j(), chain.transactions(), withLimit(gasLimit.get()));
    return payer
        .withdraw(
            statement.marketAccount(),
            statement.to(),
            statement.amount(),
            statement.nonce(),
            signature)
        .send();
  }

  /** The gas limit the client would use for a withdrawal. */
  BigInteger configuredGasLimit() {
    return chain.gas().getGasLimit();
  }

  /** The node's estimate of the gas {@code statement}'s payment needs. */
  BigInteger estimateWithdraw(WithdrawalStatement statement, byte[] signature) throws IOException {
    String data =
        escrow
            .withdraw(
                statement.marketAccount(),
                statement.to(),
                statement.amount(),
                statement.nonce(),
                signature)
            .encodeFunctionCall();
    EthEstimateGas estimate =
        chain
            .web3j()
            .ethEstimateGas(Transaction.createEthCallTransaction(chain.address(), address, data))
            .send();
    if (estimate.hasError()) {
      throw new IOException(
          "the node could not estimate the payment: " + estimate.getError().getMessage());
    }
    return estimate.getAmountUsed();
  }

  private ContractGasProvider withLimit(BigInteger limit) {
    ContractGasProvider gas = chain.gas();
    if (gas instanceof ContractEIP1559GasProvider eip1559) {
      return new StaticEIP1559GasProvider(
          eip1559.getChainId(),
          eip1559.getMaxFeePerGas(),
          eip1559.getMaxPriorityFeePerGas(),
          limit);
    }
    return new StaticGasProvider(gas.getGasPrice(), limit);
  }

  private static String topic(long value) {
    return Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(value), 64);
  }

  /**
   * The latest log of this escrow with these topics (a null one matches anything), searched from
   * the head back to {@code firstBlock} a range at a time: what is looked for is usually recent.
   */
  private Optional<Log> latest(String... topics) throws IOException {
    for (long to = head(); to >= firstBlock; to -= range) {
      List<Log> found = logs(Math.max(firstBlock, to - range + 1), to, topics);
      if (!found.isEmpty()) {
        return Optional.of(found.get(found.size() - 1));
      }
    }
    return Optional.empty();
  }

  /** Logs of this escrow in blocks {@code from..to} with these topics (null: any). */
  private List<Log> logs(long from, long to, String... topics) throws IOException {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
            address);
    for (String topic : topics) {
      if (topic == null) {
        filter.addNullTopic();
      } else {
        filter.addSingleTopic(topic);
      }
    }
    EthLog answer = chain.web3j().ethGetLogs(filter).send();
    if (answer.hasError()) {
      throw new IOException("eth_getLogs failed: " + answer.getError().getMessage());
    }
    List<Log> logs = new ArrayList<>();
    for (EthLog.LogResult<?> result : answer.getLogs()) {
      logs.add((Log) result.get());
    }
    return logs;
  }

  /** A Withdrawn event: who was paid what, for which account, in which transaction. */
  record PaidOnChain(String txHash, String account, String to, BigInteger amount) {}
}
