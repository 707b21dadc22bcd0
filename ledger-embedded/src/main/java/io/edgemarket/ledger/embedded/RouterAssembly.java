package io.edgemarket.ledger.embedded;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Optional;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.contract.annotation.Serializer;
import org.hyperledger.fabric.contract.execution.ExecutionFactory;
import org.hyperledger.fabric.contract.execution.JSONTransactionSerializer;
import org.hyperledger.fabric.contract.routing.TypeRegistry;
import org.hyperledger.fabric.contract.routing.impl.RoutingRegistryImpl;
import org.hyperledger.fabric.contract.routing.impl.SerializerRegistryImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ContractRouter} put together from its parts, without running its constructor.
 *
 * <p>The constructor prepares a whole chaincode process (logging, peer options, metrics, tracing)
 * and then scans the entire class path with ClassGraph for {@code @Serializer} classes: 2–3 s of a
 * restarted broker's start on this project's class path, for a result that is always the shim's own
 * {@link JSONTransactionSerializer} (the market's contracts declare no serializer of their own).
 * What {@code invoke} reads is four fields: the routing registry, the type registry, the
 * serializers and the execution service; they are filled here exactly as the constructor fills
 * them, with the serializer registered by name as its scan would register it.
 *
 * <p>The fields and the registry's {@code add} are private in shim 2.5.10, so this relies on
 * reflection; if a later shim changes them, {@link #assemble} answers empty (with a warning) and
 * the caller falls back to the constructor, which is only slower.
 */
final class RouterAssembly {
  private static final Logger LOG = LoggerFactory.getLogger(RouterAssembly.class);

  private RouterAssembly() {}

  static Optional<ContractRouter> assemble() {
    try {
      ContractRouter router = allocate();
      SerializerRegistryImpl serializers = new SerializerRegistryImpl();
      Method add =
          SerializerRegistryImpl.class.getDeclaredMethod(
              "add", String.class, Serializer.TARGET.class, Class.class);
      add.setAccessible(true);
      add.invoke(
          serializers,
          JSONTransactionSerializer.class.getName(),
          Serializer.TARGET.TRANSACTION,
          JSONTransactionSerializer.class);
      set(router, "registry", new RoutingRegistryImpl());
      set(router, "typeRegistry", TypeRegistry.getRegistry());
      set(router, "serializers", serializers);
      set(router, "executor", ExecutionFactory.getInstance().createExecutionService(serializers));
      return Optional.of(router);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn(
          "fabric-chaincode-shim's ContractRouter can no longer be assembled from its parts ({});"
              + " starting it through its constructor, which scans the class path (seconds)",
          e.toString());
      return Optional.empty();
    }
  }

  /** An instance whose constructor has not run (sun.misc.Unsafe, reached reflectively). */
  private static ContractRouter allocate() throws ReflectiveOperationException {
    Class<?> unsafeType = Class.forName("sun.misc.Unsafe");
    Field theUnsafe = unsafeType.getDeclaredField("theUnsafe");
    theUnsafe.setAccessible(true);
    Object unsafe = theUnsafe.get(null);
    Method allocate = unsafeType.getMethod("allocateInstance", Class.class);
    return (ContractRouter) allocate.invoke(unsafe, ContractRouter.class);
  }

  private static void set(ContractRouter router, String name, Object value)
      throws ReflectiveOperationException {
    Field field = ContractRouter.class.getDeclaredField(name);
    field.setAccessible(true);
    field.set(router, value);
  }
}
