package io.edgemarket.chaincode;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Role;
import io.edgemarket.model.Sampling;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Consumers' deployed functions, pinned to a code digest. Stored under {@code
 * FUNCTION~ownerId~name} (the function id {@code ownerId/name} split in two) so one owner's
 * functions are a partial-key scan.
 */
final class Functions {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");
  private static final long MAX_MEMORY = 4L << 30;
  private static final long MAX_TIMEOUT_MS = 900_000;

  /** The runtimes providers can run; a function in any other could never be placed. */
  private static final Set<String> RUNTIMES =
      Set.of(FunctionSpec.RUNTIME_WASM, FunctionSpec.RUNTIME_OCI);

  private Functions() {}

  /** The function {@code ownerId/name}, or null when unknown or malformed. */
  static FunctionSpec find(ChaincodeStub stub, String functionId) {
    int slash = functionId == null ? -1 : functionId.lastIndexOf('/');
    if (slash <= 0) {
      return null;
    }
    String owner = functionId.substring(0, slash);
    String name = functionId.substring(slash + 1);
    if (!Keys.isValidId(owner) || !NAME.matcher(name).matches()) {
      return null;
    }
    return State.read(stub, Keys.of(stub, Keys.FUNCTION, owner, name), FunctionSpec.class);
  }

  /**
   * The version of {@code ownerId/name} whose code is {@code digest}, or null. Functions registered
   * before versions were kept have only their latest spec, which counts as its own version.
   */
  static FunctionSpec version(ChaincodeStub stub, String functionId, String digest) {
    FunctionSpec latest = find(stub, functionId);
    if (latest == null || digest == null || !DIGEST.matcher(digest).matches()) {
      return null;
    }
    FunctionSpec version =
        State.read(
            stub,
            Keys.of(stub, Keys.FUNCTION_VERSION, latest.ownerId(), latest.name(), digest),
            FunctionSpec.class);
    return version != null ? version : digest.equals(latest.digest()) ? latest : null;
  }

  static String getVersion(Context ctx, String functionId, String digest) {
    Caller.registered(ctx);
    Args.id("functionId", functionId);
    FunctionSpec spec = version(ctx.getStub(), functionId, digest);
    if (spec == null) {
      throw Errors.notFound("no version " + digest + " of function " + functionId);
    }
    return Json.write(spec);
  }

  static String register(Context ctx, String specJson) {
    Caller owner = Caller.registered(ctx).require(Role.CONSUMER);
    ChaincodeStub stub = ctx.getStub();
    FunctionSpec requested =
        Args.json(specJson, FunctionSpec.class, "function spec", "registeredAt");
    validate(requested);
    // Re-registering a name makes the new spec the latest, but every version (identified by its
    // code digest) stays registered as it was first registered: tickets name the digest they run,
    // and a receipt for an older version still settles against that version.
    FunctionSpec spec = requested.registeredBy(owner.id(), State.now(stub));
    String versionKey =
        Keys.of(stub, Keys.FUNCTION_VERSION, owner.id(), spec.name(), spec.digest());
    if (!State.exists(stub, versionKey)) {
      State.write(stub, versionKey, spec);
    }
    State.write(stub, Keys.of(stub, Keys.FUNCTION, owner.id(), spec.name()), spec);
    return Json.write(spec);
  }

  static String get(Context ctx, String functionId) {
    Caller.registered(ctx);
    Args.id("functionId", functionId);
    FunctionSpec spec = find(ctx.getStub(), functionId);
    if (spec == null) {
      throw Errors.notFound("no function " + functionId);
    }
    return Json.write(spec);
  }

  /** The owner's functions, or every function when {@code ownerId} is blank. */
  static String list(Context ctx, String ownerId) {
    Caller.registered(ctx);
    ChaincodeStub stub = ctx.getStub();
    List<Rows.Row> rows =
        ownerId == null || ownerId.isBlank()
            ? Rows.all(stub, Keys.FUNCTION)
            : Rows.all(stub, Keys.FUNCTION, Args.id("ownerId", ownerId));
    List<FunctionSpec> specs = new ArrayList<>();
    for (Rows.Row row : rows) {
      specs.add(Json.read(row.value(), FunctionSpec.class));
    }
    return Json.write(specs);
  }

  /**
   * Marks the owner's function retired: the broker then refuses new invocations of it. Its versions
   * stay as they are, so receipts of runs already under way still settle.
   */
  static String retire(Context ctx, String functionId) {
    Caller caller = Caller.registered(ctx);
    Args.id("functionId", functionId);
    ChaincodeStub stub = ctx.getStub();
    FunctionSpec spec = find(stub, functionId);
    if (spec == null) {
      throw Errors.notFound("no function " + functionId);
    }
    if (!spec.ownerId().equals(caller.id())) {
      throw Errors.forbidden("only its owner " + spec.ownerId() + " may retire " + functionId);
    }
    if (spec.retired()) {
      throw Errors.error(
          ErrorCodes.FUNCTION_RETIRED, functionId + " was already retired at " + spec.retiredAt());
    }
    FunctionSpec retired = spec.retiredAt(State.now(stub));
    State.write(stub, Keys.of(stub, Keys.FUNCTION, spec.ownerId(), spec.name()), retired);
    return Json.write(retired);
  }

  /**
   * Every version of {@code ownerId/name}, oldest first. A function registered before versions were
   * kept has only its latest spec, which counts as its own version.
   */
  static String listVersions(Context ctx, String functionId) {
    Caller.registered(ctx);
    Args.id("functionId", functionId);
    ChaincodeStub stub = ctx.getStub();
    FunctionSpec latest = find(stub, functionId);
    if (latest == null) {
      throw Errors.notFound("no function " + functionId);
    }
    List<FunctionSpec> versions = new ArrayList<>();
    for (Rows.Row row : Rows.all(stub, Keys.FUNCTION_VERSION, latest.ownerId(), latest.name())) {
      versions.add(Json.read(row.value(), FunctionSpec.class));
    }
    if (versions.stream().noneMatch(v -> v.digest().equals(latest.digest()))) {
      versions.add(latest);
    }
    versions.sort(
        java.util.Comparator.comparingLong(FunctionSpec::registeredAt)
            .thenComparing(FunctionSpec::digest));
    return Json.write(versions);
  }

  private static void validate(FunctionSpec spec) {
    if (!NAME.matcher(spec.name()).matches()) {
      throw Errors.badRequest("name must match " + NAME.pattern());
    }
    if (!DIGEST.matcher(spec.digest()).matches()) {
      throw Errors.badRequest("digest must be 64 lowercase hex characters (SHA-256)");
    }
    if (!RUNTIMES.contains(spec.runtime())) {
      throw Errors.badRequest(
          "runtime must be "
              + FunctionSpec.RUNTIME_WASM
              + " (a WASI module) or "
              + FunctionSpec.RUNTIME_OCI
              + " (a container image), not "
              + spec.runtime());
    }
    if (spec.memoryLimitBytes() <= 0 || spec.memoryLimitBytes() > MAX_MEMORY) {
      throw Errors.badRequest("memoryLimitBytes must be 1.." + MAX_MEMORY);
    }
    if (spec.timeoutMs() <= 0 || spec.timeoutMs() > MAX_TIMEOUT_MS) {
      throw Errors.badRequest("timeoutMs must be 1.." + MAX_TIMEOUT_MS);
    }
    if (spec.maxPricePerInvocation() < 0) {
      throw Errors.badRequest("maxPricePerInvocation must not be negative");
    }
    // Only a WebAssembly run is deterministic (metered, no clock, no network): a container's
    // output cannot be judged by re-running it, so it is checked by redundancy instead.
    if (spec.trustLevel() == TrustLevel.REEXECUTE
        && !FunctionSpec.RUNTIME_WASM.equals(spec.runtime())) {
      throw Errors.badRequest(
          "trust level reexecute needs runtime " + FunctionSpec.RUNTIME_WASM + ": use redundant");
    }
    if (spec.samplePpm() < 0 || spec.samplePpm() > Sampling.PPM) {
      throw Errors.badRequest("samplePpm must be 0.." + Sampling.PPM + ": " + spec.samplePpm());
    }
    if (spec.minStake() < 0 || spec.minStake() > Money.MAX_AMOUNT) {
      throw Errors.badRequest("minStake must be 0.." + Money.MAX_AMOUNT + ": " + spec.minStake());
    }
    // Absent (an older client) it stays absent: fuel is then bounded by each ticket's maxPrice.
    if (spec.maxFuel() != null && spec.maxFuel() < 1) {
      throw Errors.badRequest("maxFuel must be at least 1: " + spec.maxFuel());
    }
  }
}
