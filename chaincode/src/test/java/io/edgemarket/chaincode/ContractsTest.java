package io.edgemarket.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.edgemarket.model.ledger.Transactions;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.contract.metadata.MetadataBuilder;
import org.hyperledger.fabric.contract.routing.ContractDefinition;
import org.hyperledger.fabric.contract.routing.TransactionType;
import org.hyperledger.fabric.contract.routing.TxFunction;
import org.hyperledger.fabric.contract.routing.impl.RoutingRegistryImpl;
import org.hyperledger.fabric.contract.routing.impl.TypeRegistryImpl;
import org.junit.jupiter.api.Test;

/** Fabric's own router accepts the contracts and routes exactly the names in Transactions. */
class ContractsTest {
  private static final Set<String> SUBMITS =
      Set.of(
          Transactions.REGISTER_PARTICIPANT,
          Transactions.SET_CONFIG,
          Transactions.CREDIT_ESCROW,
          Transactions.TRANSFER,
          Transactions.PUBLISH_OFFER,
          Transactions.WITHDRAW_OFFER,
          Transactions.REGISTER_FUNCTION,
          Transactions.RETIRE_FUNCTION,
          Transactions.SETTLE_BATCH,
          Transactions.SET_GOVERNANCE,
          Transactions.ROTATE_CERTIFICATE,
          Transactions.SUSPEND_PARTICIPANT,
          Transactions.REINSTATE_PARTICIPANT,
          Transactions.COMPLETE_TRANSFER,
          Transactions.FOLD_CREDITS,
          Transactions.OPEN_DISPUTE,
          Transactions.RESOLVE_DISPUTE,
          Transactions.RELEASE_STAKE,
          Transactions.PUBLISH_GRANT,
          Transactions.REVOKE_GRANT,
          Transactions.CREDIT_DEPOSIT,
          Transactions.REQUEST_WITHDRAWAL,
          Transactions.RELEASE_WITHDRAWAL,
          Transactions.MARK_WITHDRAWAL_PAID,
          Transactions.RECORD_ANCHOR,
          Transactions.SET_CURSOR);

  @Test
  void everyTransactionNameRoutesToAStringMethodWithItsIntent() throws IllegalAccessException {
    // What a Fabric peer's chaincode process does at start: scan the classpath for contracts.
    RoutingRegistryImpl registry = new RoutingRegistryImpl();
    TypeRegistryImpl types = new TypeRegistryImpl();
    registry.findAndSetContracts(types);
    MetadataBuilder.initialize(registry, types);
    MetadataBuilder.validate();
    Set<Class<?>> found = new HashSet<>();
    for (ContractDefinition definition : registry.getAllDefinitions()) {
      if (definition.getContractImpl().getPackageName().startsWith("io.edgemarket")) {
        found.add(definition.getContractImpl());
      }
    }
    assertEquals(Set.copyOf(Contracts.ALL), found);
    Set<String> declared = new TreeSet<>();
    for (Field field : Transactions.class.getFields()) {
      String name = (String) field.get(null);
      if (!Modifier.isStatic(field.getModifiers()) || !name.contains(":")) {
        continue;
      }
      declared.add(name);
      String[] parts = name.split(":");
      ContractDefinition contract = registry.getContract(parts[0]);
      assertNotNull(contract, "no contract " + parts[0]);
      TxFunction tx = contract.getTxFunction(parts[1]);
      assertNotNull(tx, "no transaction " + name);
      assertEquals(
          SUBMITS.contains(name) ? TransactionType.SUBMIT : TransactionType.EVALUATE,
          tx.getType(),
          name);
      Method method = tx.getRouting().getMethod();
      assertEquals(String.class, method.getReturnType(), name);
      assertEquals(Context.class, method.getParameterTypes()[0], name);
      for (int i = 1; i < method.getParameterCount(); i++) {
        assertEquals(String.class, method.getParameterTypes()[i], name);
      }
    }
    Set<String> annotated = new TreeSet<>();
    for (Class<? extends ContractInterface> contract : Contracts.ALL) {
      String prefix =
          contract.getAnnotation(org.hyperledger.fabric.contract.annotation.Contract.class).name();
      for (Method m : contract.getDeclaredMethods()) {
        Transaction t = m.getAnnotation(Transaction.class);
        if (t != null) {
          annotated.add(prefix + ":" + t.name());
        }
      }
    }
    assertEquals(declared, annotated, "every @Transaction is in Transactions and vice versa");
  }
}
