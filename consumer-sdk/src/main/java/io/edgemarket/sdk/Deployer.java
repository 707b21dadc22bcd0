package io.edgemarket.sdk;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.api.Limits;
import io.edgemarket.model.http.ApiError;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Transactions;
import java.time.Duration;
import java.util.Objects;

/**
 * Deploys in two steps: the code goes to the broker's content-addressed blob store, then the
 * function's spec, pinned to the code's digest, goes on the ledger. The order matters: a spec on
 * the ledger whose code nobody can fetch would make every invocation of it fail.
 */
final class Deployer {
  private final BrokerHttp http;
  private final LedgerGateway ledger;
  private final FunctionCache functions;
  private final Duration timeout;

  Deployer(BrokerHttp http, LedgerGateway ledger, FunctionCache functions, Duration timeout) {
    this.http = http;
    this.ledger = ledger;
    this.functions = functions;
    this.timeout = timeout;
  }

  FunctionSpec deploy(String name, byte[] wasm, DeployOptions options) throws DeployException {
    FunctionCache.requireName(name);
    Objects.requireNonNull(wasm, "wasm");
    Objects.requireNonNull(options, "options");
    if (wasm.length == 0 || wasm.length > Limits.MAX_MODULE_BYTES) {
      throw new IllegalArgumentException(
          "wasm must be 1.." + Limits.MAX_MODULE_BYTES + " bytes, got " + wasm.length);
    }
    String functionId = functions.idOf(name);
    String digest = EdgeMarketClient.digestOf(wasm);
    upload(functionId, digest, wasm);
    FunctionSpec requested =
        new FunctionSpec(
            null,
            name,
            null,
            digest,
            FunctionSpec.RUNTIME_WASM,
            options.memoryLimitBytes(),
            options.timeout().toMillis(),
            options.trustLevel(),
            options.maxPricePerInvocation(),
            0);
    FunctionSpec registered;
    try {
      registered =
          LedgerRecords.read(
              submitAsRegistered(Transactions.REGISTER_FUNCTION, Json.write(requested)),
              FunctionSpec.class);
    } catch (LedgerException e) {
      throw new DeployException(
          e.code(),
          0,
          functionId,
          e.transactionId(),
          "registering " + name + ": " + e.getMessage(),
          e);
    } catch (IllegalArgumentException e) {
      throw new DeployException(
          ErrorCodes.INTERNAL,
          0,
          functionId,
          null,
          "unreadable registration: " + e.getMessage(),
          e);
    }
    if (!digest.equals(registered.digest()) || !functionId.equals(registered.functionId())) {
      throw new DeployException(
          EdgeMarketException.VERIFICATION_FAILED,
          functionId,
          "the ledger registered "
              + registered.functionId()
              + " with digest "
              + registered.digest());
    }
    functions.put(registered);
    return registered;
  }

  private void upload(String functionId, String digest, byte[] wasm) throws DeployException {
    BrokerHttp.Answer answer;
    try {
      answer = http.send("PUT", "/api/v1/blobs/" + digest, wasm, "application/wasm", timeout);
    } catch (BrokerHttp.Unreachable e) {
      throw new DeployException(e.code, 0, functionId, null, e.getMessage(), e);
    }
    if (!answer.ok()) {
      ApiError.Body error = answer.error();
      throw new DeployException(
          error.code(),
          answer.status(),
          functionId,
          null,
          "the broker refused the module for " + functionId + ": " + error.message(),
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
