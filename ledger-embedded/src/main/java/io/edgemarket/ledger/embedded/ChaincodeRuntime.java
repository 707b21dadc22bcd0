package io.edgemarket.ledger.embedded;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.contract.metadata.MetadataBuilder;
import org.hyperledger.fabric.contract.routing.ContractDefinition;
import org.hyperledger.fabric.contract.routing.RoutingRegistry;
import org.hyperledger.fabric.contract.routing.TypeRegistry;
import org.hyperledger.fabric.contract.systemcontract.SystemContract;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ResponseUtils;

/**
 * Fabric's own contract routing, in process: the {@link ContractRouter} that a chaincode process
 * runs, started as its {@code main} starts it (register the {@code @Contract} classes, build and
 * validate the contract metadata), but never connected to a peer. Requests go straight to {@link
 * ContractRouter#invoke}, so argument conversion, {@code contract:Tx} routing, unknown-transaction
 * handling and error responses are the shim's, not a copy of them.
 *
 * <p>The contracts are registered from the classes the ledger was given, as the shim's own {@code
 * RoutingRegistryImpl} registers what its scan finds ({@code addNewContract}, then {@code
 * addTxFunction} for every public {@code @Transaction} method), plus the shim's {@link
 * SystemContract}, which the scan always finds too. Scanning the class path (ClassGraph) took
 * seconds at the first open; it remains only for a ledger given no contract classes. With contract
 * classes, the router itself is {@link RouterAssembly assembled} without its constructor, which
 * would scan the class path once more, for serializers. Two steps of the start are package-private
 * in shim 2.5.10 ({@code findAllContracts} and the registry getters), so they are reached by
 * reflection. One router serves each set of contracts for the whole JVM, as a peer runs one router
 * for all concurrent transactions.
 */
final class ChaincodeRuntime {
  private static final String CHAINCODE_ID = "edgemarket-embedded";
  // Held strongly: java.util.logging forgets the level of a logger nobody references.
  private static final List<Logger> FABRIC_LOGGERS =
      List.of(
          Logger.getLogger("org.hyperledger.fabric.contract"),
          Logger.getLogger("org.hyperledger.fabric.shim"),
          Logger.getLogger("org.hyperledger.fabric.shim.ChaincodeBase"),
          Logger.getLogger("org.hyperledger.fabric.metrics.Metrics"),
          Logger.getLogger("org.hyperledger.fabric.traces.Traces"));
  private static final Map<List<Class<? extends ContractInterface>>, ChaincodeRuntime> RUNTIMES =
      new ConcurrentHashMap<>();

  private final ContractRouter router;
  private final boolean assembled;

  private ChaincodeRuntime(List<Class<? extends ContractInterface>> contracts) {
    ContractRouter parts =
        contracts.isEmpty()
            ? null
            : RouterAssembly.assemble().map(ChaincodeRuntime::quiet).orElse(null);
    assembled = parts != null;
    router = assembled ? parts : startQuietly();
    try {
      RoutingRegistry registry = (RoutingRegistry) call("getRoutingRegistry");
      if (contracts.isEmpty()) {
        call("findAllContracts");
      } else {
        register(registry, SystemContract.class);
        contracts.forEach(contract -> register(registry, contract));
      }
      MetadataBuilder.initialize(registry, (TypeRegistry) call("getTypeRegistry"));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "fabric-chaincode-shim's ContractRouter no longer has the start-up steps the embedded"
              + " ledger drives (findAllContracts, getRoutingRegistry, getTypeRegistry)",
          e instanceof InvocationTargetException ite ? ite.getCause() : e);
    }
  }

  /**
   * The router for these contract classes (in this order), started once per JVM; with none, the
   * router for every {@code @Contract} class on the class path, found by scanning it.
   */
  static ChaincodeRuntime get(List<Class<? extends ContractInterface>> contracts) {
    return RUNTIMES.computeIfAbsent(List.copyOf(contracts), ChaincodeRuntime::new);
  }

  @SuppressWarnings("unchecked") // the shim's registry takes the raw interface type
  private static void register(RoutingRegistry registry, Class<? extends ContractInterface> type) {
    if (type.getAnnotation(Contract.class) == null) {
      throw new IllegalArgumentException(type.getName() + " is not annotated @Contract");
    }
    ContractDefinition contract = registry.addNewContract((Class<ContractInterface>) type);
    for (Method method : type.getMethods()) {
      if (method.getAnnotation(Transaction.class) != null) {
        contract.addTxFunction(method);
      }
    }
  }

  /** True when the router was assembled from its parts rather than constructed (and scanned). */
  boolean assembled() {
    return assembled;
  }

  Chaincode.Response invoke(ChaincodeStub stub) {
    return router.invoke(stub);
  }

  private Object call(String method) throws ReflectiveOperationException {
    Method m = ContractRouter.class.getDeclaredMethod(method);
    m.setAccessible(true);
    return m.invoke(router);
  }

  /**
   * The router's constructor configures java.util.logging for a whole chaincode process (root level
   * and handler formats). Here it is a guest in the broker's process, so the root logger is put
   * back as it was, and unless CORE_CHAINCODE_LOGGING_LEVEL asks otherwise its start-up banner and
   * per-transaction INFO lines are dropped. A {@link ChaincodeException} is the chaincode's way of
   * answering with an error code; it reaches the caller as a LedgerException, so its SEVERE stack
   * trace is dropped too, while unexpected failures keep theirs.
   */
  private static ContractRouter startQuietly() {
    Logger root = Logger.getLogger("");
    Level rootLevel = root.getLevel();
    Handler[] handlers = root.getHandlers();
    Formatter[] formatters = new Formatter[handlers.length];
    Level[] levels = new Level[handlers.length];
    for (int i = 0; i < handlers.length; i++) {
      formatters[i] = handlers[i].getFormatter();
      levels[i] = handlers[i].getLevel();
    }
    boolean quiet = System.getenv("CORE_CHAINCODE_LOGGING_LEVEL") == null;
    if (quiet) {
      root.setLevel(Level.WARNING);
      FABRIC_LOGGERS.forEach(logger -> logger.setLevel(Level.WARNING));
    }
    ContractRouter router;
    try {
      router = new ContractRouter(new String[] {"--id", CHAINCODE_ID});
    } finally {
      root.setLevel(rootLevel);
      for (int i = 0; i < handlers.length; i++) {
        handlers[i].setFormatter(formatters[i]);
        handlers[i].setLevel(levels[i]);
      }
    }
    return quiet(router); // the router reset two of the loggers
  }

  /** Unless CORE_CHAINCODE_LOGGING_LEVEL asks otherwise, the shim logs warnings only. */
  private static ContractRouter quiet(ContractRouter router) {
    if (System.getenv("CORE_CHAINCODE_LOGGING_LEVEL") == null) {
      FABRIC_LOGGERS.forEach(logger -> logger.setLevel(Level.WARNING));
    }
    dropChaincodeErrorTraces();
    return router;
  }

  /** ResponseUtils keeps its logger private and unregistered, so only reflection reaches it. */
  private static void dropChaincodeErrorTraces() {
    String chaincodeError = ChaincodeException.class.getName() + ":";
    try {
      Field field = ResponseUtils.class.getDeclaredField("logger");
      field.setAccessible(true);
      ((Logger) field.get(null))
          .setFilter(r -> r.getMessage() == null || !r.getMessage().contains(chaincodeError));
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Only log noise is at stake: chaincode errors then also appear as SEVERE log lines.
    }
  }
}
