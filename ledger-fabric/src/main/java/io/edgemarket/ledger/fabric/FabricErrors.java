package io.edgemarket.ledger.fabric;

import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerException.Phase;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.stream.Collectors;
import org.hyperledger.fabric.client.CommitException;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;

/**
 * Gateway client failures as {@link LedgerException}s. The chaincode's {@code CODE: text} reaches
 * the client inside the gateway's error details (one per endorser, e.g. {@code chaincode response
 * 500, FORBIDDEN: …}), not in the gRPC status, so the code is read from the details first.
 */
final class FabricErrors {
  /** How a peer's gateway reports what the chaincode itself answered, in the error details. */
  static final String CHAINCODE_RESPONSE = "chaincode response";

  private FabricErrors() {}

  static LedgerException closed() {
    return new LedgerException(
        Phase.CONNECT, ErrorCodes.UNAVAILABLE, null, "the gateway is closed");
  }

  /** A failure of submit: endorse, submit to the orderer, wait for or read the commit status. */
  static LedgerException of(Exception e, String txId) {
    if (e instanceof EndorseException endorse) {
      return gateway(Phase.ENDORSE, endorse, txId);
    }
    if (e instanceof SubmitException submit) {
      return gateway(Phase.SUBMIT, submit, txId);
    }
    if (e instanceof CommitStatusException status) {
      return gateway(Phase.COMMIT, status, txId);
    }
    if (e instanceof CommitException commit) {
      // The validation code is already machine-readable: MVCC_READ_CONFLICT,
      // ENDORSEMENT_POLICY_FAILURE, PHANTOM_READ_CONFLICT, ...
      String code = commit.getCode().name();
      return new LedgerException(Phase.COMMIT, code, commit.getTransactionId(), code, e);
    }
    return unexpected(Phase.ENDORSE, e, txId);
  }

  static LedgerException evaluate(Exception e, String txId) {
    return e instanceof GatewayException g
        ? gateway(Phase.EVALUATE, g, txId)
        : unexpected(Phase.EVALUATE, e, txId);
  }

  private static LedgerException gateway(Phase phase, GatewayException e, String txId) {
    Status status = e.getStatus();
    String details =
        e.getDetails().stream().map(ErrorDetail::getMessage).collect(Collectors.joining("; "));
    String description = status.getDescription() == null ? "" : status.getDescription();
    String message = details.isEmpty() ? description : description + " [" + details + "]";
    if (status.getCode() == Status.Code.UNAVAILABLE) {
      return new LedgerException(Phase.CONNECT, ErrorCodes.UNAVAILABLE, txId, message, e);
    }
    if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
      return new LedgerException(phase, ErrorCodes.UNAVAILABLE, txId, message, e);
    }
    // Details first: the description may itself quote a gRPC code name.
    String code = ErrorCodes.codeOf(details.isEmpty() ? description : details);
    if (ErrorCodes.INTERNAL.equals(code) && !message.contains(CHAINCODE_RESPONSE)) {
      // No chaincode answered: an endorser could not be reached (a peer down, e.g. ABORTED
      // "failed to collect enough transaction endorsements" with "connection refused" details).
      // Nothing was decided about the transaction; callers wait and retry as for UNAVAILABLE.
      return new LedgerException(phase, ErrorCodes.UNAVAILABLE, txId, message, e);
    }
    return new LedgerException(phase, code, txId, message, e);
  }

  private static LedgerException unexpected(Phase phase, Exception e, String txId) {
    if (e instanceof StatusRuntimeException s
        && s.getStatus().getCode() == Status.Code.UNAVAILABLE) {
      return new LedgerException(Phase.CONNECT, ErrorCodes.UNAVAILABLE, txId, e.getMessage(), e);
    }
    return new LedgerException(phase, ErrorCodes.INTERNAL, txId, String.valueOf(e), e);
  }
}
