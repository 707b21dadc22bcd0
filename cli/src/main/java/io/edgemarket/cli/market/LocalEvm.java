package io.edgemarket.cli.market;

import io.edgemarket.bridge.EvmChain;
import io.edgemarket.bridge.contracts.TestToken;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.BridgeRecords.Anchor;
import io.edgemarket.model.ledger.BridgeRecords.BridgeState;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Records.Page;
import io.edgemarket.model.ledger.Transactions;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.web3j.crypto.Credentials;

/**
 * The chain side of a local market ({@code up --evm}) on a {@link LocalAnvil}: a TestToken and an
 * EdgeEscrow deployed by the market's bridge key, a key for each consumer and provider of the
 * directory (consumers funded with test tokens, everyone with gas), the {@code bridge} participant
 * enrolled and registered on the ledger, and all of it written to {@code DIR/evm.json}. A second
 * start on the same DIR finds the contracts again in anvil's saved state and deploys nothing.
 */
public final class LocalEvm {
  /** The bridge participant's name under DIR/identities. */
  public static final String BRIDGE = "bridge";

  /** Test tokens a consumer's new key gets, in the market's minor units (the token's too). */
  public static final long INITIAL_TOKENS = 10_000_000L;

  static final String BRIDGE_KEY = "evm/bridge.key";

  /** Gas money for each key: 100 of the chain's coin. */
  private static final BigInteger GAS = BigInteger.TEN.pow(20);

  private LocalEvm() {}

  /**
   * What {@link #setUp} made: the configuration it wrote, the bridge participant and its chain key.
   */
  public record Setup(EvmConfig config, Identity bridge, Credentials bridgeKey) {}

  /**
   * Deploys (or finds) the contracts, makes and funds the keys, enrols the bridge, writes evm.json.
   */
  public static Setup setUp(LocalMarket market, LocalAnvil anvil, PrintStream log)
      throws Exception {
    MarketDir dir = market.dir();
    Credentials bridgeKey = EvmKeys.loadOrCreate(dir.root().resolve(BRIDGE_KEY));
    anvil.setBalance(bridgeKey.getAddress(), GAS);
    Optional<EvmConfig> earlier = EvmConfig.read(dir);
    try (EvmChain chain =
        EvmChain.builder()
            .rpcUrl(anvil.url())
            .credentials(bridgeKey)
            .chainId(anvil.chainId())
            .build()) {
      String token;
      String escrow;
      boolean fresh;
      if (earlier.isPresent()
          && anvil.hasCode(earlier.get().token())
          && anvil.hasCode(earlier.get().escrow())) {
        token = earlier.get().token();
        escrow = earlier.get().escrow();
        fresh = false;
      } else {
        token =
            TestToken.deploy(chain.web3j(), chain.transactions(), chain.gas())
                .send()
                .getContractAddress();
        escrow = chain.deployEscrow(token, bridgeKey.getAddress()).getContractAddress();
        fresh = true;
        log.println("edgemarket: deployed TestToken " + token + " and EdgeEscrow " + escrow);
      }
      TestToken minter = TestToken.load(token, chain.web3j(), chain.transactions(), chain.gas());
      Map<String, EvmConfig.Key> keys = new TreeMap<>();
      for (Map.Entry<String, Identity> participant : participants(dir).entrySet()) {
        String name = participant.getKey();
        String file = "evm/keys/" + name + ".key";
        boolean made = !Files.exists(dir.root().resolve(file));
        Credentials key = EvmKeys.loadOrCreate(dir.root().resolve(file));
        anvil.setBalance(key.getAddress(), GAS);
        if (participant.getValue().role() == Role.CONSUMER && (made || fresh)) {
          minter.mint(key.getAddress(), BigInteger.valueOf(INITIAL_TOKENS)).send();
          log.println(
              "edgemarket: minted "
                  + INITIAL_TOKENS
                  + " test tokens to "
                  + name
                  + " "
                  + key.getAddress());
        }
        keys.put(name, new EvmConfig.Key(file, key.getAddress()));
      }
      Identity bridge = market.participant(BRIDGE, Role.BRIDGE, 0);
      if (fresh) {
        refuseAnotherChainsLedger(market.ledgerAs(bridge), anvil.chainId(), dir);
      }
      EvmConfig config =
          new EvmConfig(
              anvil.url(),
              anvil.chainId(),
              token,
              escrow,
              new EvmConfig.Key(BRIDGE_KEY, bridgeKey.getAddress()),
              keys);
      config.write(dir);
      return new Setup(config, bridge, bridgeKey);
    }
  }

  /**
   * Contracts just deployed must meet a ledger that has never served this chain id: the ledger's
   * cursor, withdrawal nonces and anchor heights belong to the escrow it served, so a new escrow
   * under the same chain id would have deposits below the old cursor missed and anchors checked
   * against the wrong contract. That happens when anvil's saved state is gone, or on Fabric when
   * another market on the shared channel runs the bridge: anchors are the channel's, one sequence.
   */
  static void refuseAnotherChainsLedger(LedgerGateway ledger, long chainId, MarketDir dir)
      throws LedgerException {
    String served;
    try {
      BridgeState state =
          Json.read(
              ledger.evaluate(Transactions.GET_BRIDGE_STATE, Long.toString(chainId)),
              BridgeState.class);
      served = "serves chain " + chainId + " already (read up to block " + state.cursor() + ")";
    } catch (LedgerException e) {
      if (!ErrorCodes.NOT_FOUND.equals(e.code())) {
        throw e;
      }
      Page<Anchor> anchors =
          Records.page(ledger.evaluate(Transactions.LIST_ANCHORS, "1", ""), Anchor.class);
      if (anchors.records() == null || anchors.records().isEmpty()) {
        return;
      }
      served = "holds roots anchored on another escrow";
    }
    throw new IllegalStateException(
        "the ledger "
            + served
            + ", but the escrow was deployed anew: one ledger serves one bridge. Keep "
            + dir.root().resolve("anvil")
            + " with the market; on Fabric run the bridge from one market per channel"
            + " (a fresh channel: network-config/scripts/network.sh clean)");
  }

  /** The directory's consumers and providers by name (rotated-away identities left out). */
  private static Map<String, Identity> participants(MarketDir dir) throws IOException {
    Map<String, Identity> byName = new TreeMap<>();
    try (Stream<Path> entries = Files.list(dir.root().resolve("identities"))) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (Files.exists(entry.resolve("cert.pem")) && !name.contains(".rotated-")) {
          Identity identity = Identity.load(entry);
          if (identity.role() == Role.CONSUMER || identity.role() == Role.PROVIDER) {
            byName.put(name, identity);
          }
        }
      }
    }
    return byName;
  }
}
