package io.edgemarket.sdk;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.api.Limits;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Deploys in two steps: the code (a Wasm module, or a container image tar streamed from its file)
 * goes to the broker's content-addressed blob store, then the function's spec, pinned to the code's
 * digest and runtime, goes on the ledger. The order matters: a spec on the ledger whose code nobody
 * can fetch would make every invocation of it fail.
 */
final class Deployer {
  /** The slowest upload still given time to finish: 512 MiB may then take about 9 minutes. */
  private static final long MIN_UPLOAD_BYTES_PER_SECOND = 1024 * 1024;

  private final BrokerHttp http;
  private final LedgerGateway ledger;
  private final KnownFunctions functions;
  private final Duration timeout;

  Deployer(BrokerHttp http, LedgerGateway ledger, KnownFunctions functions, Duration timeout) {
    this.http = http;
    this.ledger = ledger;
    this.functions = functions;
    this.timeout = timeout;
  }

  FunctionSpec deploy(String name, byte[] wasm, DeployOptions options) throws DeployException {
    KnownFunctions.requireName(name);
    Objects.requireNonNull(wasm, "wasm");
    Objects.requireNonNull(options, "options");
    if (wasm.length == 0 || wasm.length > Limits.MAX_MODULE_BYTES) {
      throw new IllegalArgumentException(
          "wasm must be 1.." + Limits.MAX_MODULE_BYTES + " bytes, got " + wasm.length);
    }
    String functionId = functions.idOf(name);
    String digest = EdgeMarketClient.digestOf(wasm);
    BrokerHttp.Answer answer;
    try {
      answer = http.send("PUT", blobPath(digest), wasm, "application/wasm", timeout);
    } catch (BrokerHttp.Unreachable e) {
      throw new DeployException(e.failure(functionId), e.getMessage(), e);
    }
    requireStored(functionId, answer);
    return register(functionId, name, digest, FunctionSpec.RUNTIME_WASM, options);
  }

  FunctionSpec deployImage(
      String name, Path imageTar, DeployOptions options, UploadProgress progress)
      throws DeployException, IOException {
    KnownFunctions.requireName(name);
    Objects.requireNonNull(imageTar, "imageTar");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(progress, "progress");
    if (options.trustLevel() == TrustLevel.REEXECUTE) {
      throw new IllegalArgumentException(
          "trust level reexecute needs deterministic code: containers are not (their clocks,"
              + " scheduling and CPU time differ run to run); use redundant or receipt for"
              + " images");
    }
    String functionId = functions.idOf(name);
    ImageFile image = ImageFile.inspect(imageTar);
    // The per-call timeout is for answers, not transfers: a large image gets time to arrive too.
    Duration wait = timeout.plusSeconds(image.size() / MIN_UPLOAD_BYTES_PER_SECOND);
    BrokerHttp.Answer answer;
    try {
      answer =
          http.sendFile(
              "PUT", blobPath(image.sha256()), image, "application/x-tar", wait, progress);
    } catch (BrokerHttp.Unreachable e) {
      throw new DeployException(e.failure(functionId), e.getMessage(), e);
    }
    requireStored(functionId, answer);
    return register(functionId, name, image.sha256(), FunctionSpec.RUNTIME_OCI, options);
  }

  private FunctionSpec register(
      String functionId, String name, String digest, String runtime, DeployOptions options)
      throws DeployException {
    FunctionSpec requested =
        new FunctionSpec(
            null,
            name,
            null,
            digest,
            runtime,
            options.memoryLimitBytes(),
            options.timeout().toMillis(),
            options.trustLevel(),
            options.maxPricePerInvocation(),
            0,
            options.samplePpm(),
            options.minStake(),
            options.maxFuel());
    FunctionSpec registered;
    try {
      registered =
          Records.read(
              submitAsRegistered(Transactions.REGISTER_FUNCTION, Json.write(requested)),
              FunctionSpec.class);
    } catch (LedgerException e) {
      throw new DeployException(
          Failure.of(e.code()).id(functionId).transactionId(e.transactionId()),
          "registering " + name + ": " + e.getMessage(),
          e);
    } catch (IllegalArgumentException e) {
      throw new DeployException(
          Failure.of(ErrorCodes.INTERNAL).id(functionId),
          "unreadable registration: " + e.getMessage(),
          e);
    }
    if (!digest.equals(registered.digest())
        || !functionId.equals(registered.functionId())
        || !runtime.equals(registered.runtime())) {
      throw new DeployException(
          Failure.of(EdgeMarketException.VERIFICATION_FAILED).id(functionId),
          "the ledger registered "
              + registered.functionId()
              + " with digest "
              + registered.digest()
              + " and runtime "
              + registered.runtime(),
          null);
    }
    functions.put(registered);
    return registered;
  }

  private static String blobPath(String digest) {
    return "/api/v1/blobs/" + digest;
  }

  private static void requireStored(String functionId, BrokerHttp.Answer answer)
      throws DeployException {
    if (!answer.ok()) {
      throw new DeployException(
          answer.failure(functionId),
          "the broker refused the code for " + functionId + ": " + answer.problem().detail(),
          null);
    }
  }

  /** A participant unknown to the ledger registers itself (its certificate) and tries again. */
  private String submitAsRegistered(String transaction, String... args) throws LedgerException {
    try {
      return ledger.submit(transaction, args);
    } catch (LedgerException e) {
      if (!ErrorCodes.NOT_REGISTERED.equals(e.code())) {
        throw e;
      }
      ledger.submit(Transactions.REGISTER_PARTICIPANT);
      return ledger.submit(transaction, args);
    }
  }
}
