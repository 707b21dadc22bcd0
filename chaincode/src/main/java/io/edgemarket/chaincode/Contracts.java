package io.edgemarket.chaincode;

import java.util.List;
import org.hyperledger.fabric.contract.ContractInterface;

/**
 * The chaincode's contract classes. Fabric's router finds them by their {@code @Contract}
 * annotation; the embedded ledger, which routes {@code contract:Transaction} names itself, starts
 * from this list instead of scanning the classpath.
 */
public final class Contracts {
  public static final List<Class<? extends ContractInterface>> ALL =
      List.of(
          ParticipantsContract.class,
          ConfigContract.class,
          AccountsContract.class,
          OffersContract.class,
          FunctionsContract.class,
          SettlementContract.class,
          AuditContract.class,
          GovernanceContract.class,
          DisputesContract.class,
          GrantsContract.class,
          BridgeContract.class);

  private Contracts() {}
}
