package io.edgemarket.bridge;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.bridge.contracts.EdgeEscrow;
import io.edgemarket.bridge.contracts.TestToken;
import io.edgemarket.testing.Anvil;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.function.Executable;
import org.web3j.crypto.Credentials;

/**
 * A real anvil with a TestToken and an EdgeEscrow deployed by the bridge key (dev account 0), and
 * clients for the other dev accounts: a depositor (1), a stranger (2), a recipient (3).
 */
final class EscrowOnAnvil implements AutoCloseable {
  static final String ACCOUNT = "alice@ConsumersMSP";

  final Anvil anvil;
  final BridgeSigner signer;
  final EvmChain bridge;
  final EvmChain depositor;
  final EvmChain stranger;
  final String recipient;
  final String token;
  final EdgeEscrow escrow;
  private final List<EvmChain> clients = new ArrayList<>();

  private EscrowOnAnvil(Anvil anvil) throws Exception {
    this.anvil = anvil;
    this.signer = BridgeSigner.of(dev(0));
    this.bridge = client(0);
    this.depositor = client(1);
    this.stranger = client(2);
    this.recipient = dev(3).getAddress();
    this.token =
        TestToken.deploy(bridge.web3j(), bridge.transactions(), bridge.gas())
            .send()
            .getContractAddress();
    this.escrow = bridge.deployEscrow(token, signer.address());
  }

  static EscrowOnAnvil start(Path dir) throws Exception {
    Anvil anvil = Anvil.start(dir);
    try {
      return new EscrowOnAnvil(anvil);
    } catch (Exception | Error e) {
      anvil.close();
      throw e;
    }
  }

  static Credentials dev(int index) {
    return Credentials.create(Anvil.DEV_PRIVATE_KEYS.get(index));
  }

  /** A client of dev account {@code index}; closed with the fixture. */
  EvmChain client(int index) {
    EvmChain chain =
        EvmChain.builder()
            .rpcUrl(anvil.url())
            .credentials(dev(index))
            .chainId(anvil.chainId())
            .build();
    clients.add(chain);
    return chain;
  }

  TestToken token(EvmChain as) {
    return TestToken.load(token, as.web3j(), as.transactions(), as.gas());
  }

  BigInteger balance(String holder) throws Exception {
    return token(bridge).balanceOf(holder).send();
  }

  /** Mints {@code amount} to the depositor, who deposits it for {@link #ACCOUNT}. */
  void deposit(BigInteger amount) throws Exception {
    token(depositor).mint(depositor.address(), amount).send();
    token(depositor).approve(escrow.getContractAddress(), amount).send();
    depositor.escrow(escrow.getContractAddress()).deposit(ACCOUNT, amount).send();
  }

  /** A statement for this chain and escrow paying {@code amount} to the recipient. */
  WithdrawalStatement statement(long amount, long nonce) {
    return new WithdrawalStatement(
        ACCOUNT,
        recipient,
        BigInteger.valueOf(amount),
        BigInteger.valueOf(nonce),
        anvil.chainId(),
        escrow.getContractAddress());
  }

  /** Submits {@code statement} with {@code signature} from the stranger (anyone may submit). */
  void withdraw(WithdrawalStatement statement, byte[] signature) throws Exception {
    stranger
        .escrow(escrow.getContractAddress())
        .withdraw(
            statement.marketAccount(),
            statement.to(),
            statement.amount(),
            statement.nonce(),
            signature)
        .send();
  }

  /** Asserts that {@code call} is refused on chain for {@code reason} (the contract's message). */
  static void assertRefused(String reason, Executable call) {
    Exception e = assertThrows(Exception.class, call);
    assertTrue(String.valueOf(e.getMessage()).contains(reason), "expected '" + reason + "': " + e);
  }

  @Override
  public void close() {
    clients.forEach(EvmChain::close);
    anvil.close();
  }
}
