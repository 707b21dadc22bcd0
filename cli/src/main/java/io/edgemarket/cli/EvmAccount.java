package io.edgemarket.cli;

import io.edgemarket.bridge.EvmChain;
import io.edgemarket.bridge.contracts.EdgeEscrow;
import io.edgemarket.bridge.contracts.TestToken;
import io.edgemarket.cli.market.EvmKeys;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * The market's escrow and its token on one chain, read by anyone or used by one key. The token is
 * the escrow's own ({@code token()}), driven through TestToken's wrapper: only its ERC-20 calls
 * (balanceOf, allowance, approve) are used, which any ERC-20 answers.
 */
final class EvmAccount implements AutoCloseable {
  private final Web3j web3j;
  private final EvmChain chain;
  private final long chainId;
  private final EdgeEscrow escrow;
  private final TestToken token;

  private EvmAccount(
      Web3j web3j, EvmChain chain, long chainId, EdgeEscrow escrow, TestToken token) {
    this.web3j = web3j;
    this.chain = chain;
    this.chainId = chainId;
    this.escrow = escrow;
    this.token = token;
  }

  /** Reads only: no key, nothing signed. */
  static EvmAccount readOnly(EvmOptions.EvmTarget target) {
    Web3j web3j = Web3j.build(new HttpService(target.rpcUrl()));
    try {
      long chainId = target.chainId() != 0 ? target.chainId() : chainIdOf(web3j, target);
      ReadonlyTransactionManager reader = new ReadonlyTransactionManager(web3j, null);
      DefaultGasProvider gas = new DefaultGasProvider();
      EdgeEscrow escrow = EdgeEscrow.load(target.escrow(), web3j, reader, gas);
      TestToken token =
          TestToken.load(call(target, () -> escrow.token().send()), web3j, reader, gas);
      return new EvmAccount(web3j, null, chainId, escrow, token);
    } catch (RuntimeException e) {
      web3j.shutdown();
      throw e;
    }
  }

  /** Signs with the key in {@code keyFile}. */
  static EvmAccount keyed(EvmOptions.EvmTarget target, Path keyFile) {
    Credentials key;
    try {
      key = EvmKeys.load(keyFile);
    } catch (IOException e) {
      throw CliException.usage("cannot read the chain key: " + e.getMessage());
    }
    long chainId = target.chainId();
    if (chainId == 0) {
      Web3j probe = Web3j.build(new HttpService(target.rpcUrl()));
      try {
        chainId = chainIdOf(probe, target);
      } finally {
        probe.shutdown();
      }
    }
    EvmChain chain;
    try {
      chain = EvmChain.builder().rpcUrl(target.rpcUrl()).credentials(key).chainId(chainId).build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    try {
      EdgeEscrow escrow = chain.escrow(target.escrow());
      TestToken token =
          TestToken.load(
              call(target, () -> escrow.token().send()),
              chain.web3j(),
              chain.transactions(),
              chain.gas());
      return new EvmAccount(chain.web3j(), chain, chainId, escrow, token);
    } catch (RuntimeException e) {
      chain.close();
      throw e;
    }
  }

  long chainId() {
    return chainId;
  }

  /** The key's address; only for a keyed account. */
  String address() {
    return chain.address();
  }

  EdgeEscrow escrow() {
    return escrow;
  }

  TestToken token() {
    return token;
  }

  Web3j web3j() {
    return web3j;
  }

  BigInteger tokenBalance(String holder, EvmOptions.EvmTarget target) {
    return call(target, () -> token.balanceOf(holder).send());
  }

  long blockNumber(EvmOptions.EvmTarget target) {
    return call(target, () -> web3j.ethBlockNumber().send().getBlockNumber().longValueExact());
  }

  /** A chain read; a node that does not answer is one clear failure naming it. */
  static <T> T call(EvmOptions.EvmTarget target, ChainCall<T> call) {
    try {
      return call.run();
    } catch (CliException e) {
      throw e;
    } catch (IOException e) {
      throw unreachable(target, e);
    } catch (Exception e) {
      throw new CliException(ExitCodes.FAILED, "the chain refused: " + e.getMessage(), e);
    }
  }

  static CliException unreachable(EvmOptions.EvmTarget target, Exception e) {
    return new CliException(
        ExitCodes.FAILED,
        "cannot reach the chain node at "
            + target.rpcUrl()
            + " ("
            + e.getMessage()
            + "). Is the market running with --evm? Or pass --rpc URL.",
        e);
  }

  private static long chainIdOf(Web3j web3j, EvmOptions.EvmTarget target) {
    return call(target, () -> web3j.ethChainId().send().getChainId().longValueExact());
  }

  /** One call to the node. */
  interface ChainCall<T> {
    T run() throws Exception;
  }

  @Override
  public void close() {
    if (chain != null) {
      chain.close();
    } else {
      web3j.shutdown();
    }
  }
}
