package io.edgemarket.model.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.edgemarket.model.Receipt;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the broker answers about an invocation: its {@link Status}, the output and error text, the
 * provider's signed receipt, the cost, and how far settlement has got ({@link Settlement}, null
 * while nothing ran). Both enums travel as their names, so the JSON is that of plain strings.
 *
 * <p>{@code outputDropped} (in JSON only when true) says the invocation ran but the broker no
 * longer keeps its output (it keeps outputs for a bounded time, see docs/http-api.md): {@code
 * output} is then null although the receipt's output digest names a real output. The receipt, cost
 * and settlement still stand.
 *
 * <p>{@code logs} (in JSON only when present) is what the function wrote to stderr, at most {@link
 * Limits#MAX_LOG_BYTES} and a marker: given only to the function's owner, when asked for, and kept
 * as long as the output.
 *
 * <p>The output is copied in and out: a result is shared between the broker's registry, its settler
 * thread and the answer being written, and a caller's change must not reach any of them.
 */
public record InvocationResult(
    String invocationId,
    Status status,
    byte[] output,
    String error,
    Receipt receipt,
    long cost,
    String providerId,
    Settlement settlement,
    String batchId,
    @JsonInclude(JsonInclude.Include.NON_NULL) Verification verification,
    // Absent (older brokers, and every answer that keeps its output) reads as false.
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonSetter(nulls = Nulls.AS_EMPTY)
        boolean outputDropped,
    @JsonInclude(JsonInclude.Include.NON_NULL) String logs) {

  /** How an invocation ended, or that it has not yet. */
  public enum Status {
    /** Accepted (async) and not finished. */
    PENDING,
    /** The function ran and succeeded. */
    OK,
    /** The function ran and failed; it is paid for its metered usage. */
    FUNCTION_ERROR,
    /** No provider could run it; nothing is charged. */
    FAILED;

    /** Whether a provider ran the function, so that a receipt describes it. */
    public boolean ran() {
      return this == OK || this == FUNCTION_ERROR;
    }

    /** The status a receipt's {@code status} names ({@link Receipt#OK} or FUNCTION_ERROR). */
    public static Status ofReceipt(String receiptStatus) {
      return Receipt.OK.equals(receiptStatus) ? OK : FUNCTION_ERROR;
    }
  }

  /** Where the invocation's receipt is on its way to the ledger. */
  public enum Settlement {
    /** Queued or in a batch not yet committed. */
    PENDING,
    /** Paid by a committed batch ({@code batchId}). */
    SETTLED,
    /** Refused by the ledger: nothing was charged. */
    REJECTED
  }

  public InvocationResult {
    output = output == null ? null : output.clone();
  }

  /** A result without a verification (the broker has not checked it beyond its receipt yet). */
  public InvocationResult(
      String invocationId,
      Status status,
      byte[] output,
      String error,
      Receipt receipt,
      long cost,
      String providerId,
      Settlement settlement,
      String batchId) {
    this(invocationId, status, output, error, receipt, cost, providerId, settlement, batchId, null);
  }

  /** A result as it is while the broker keeps its output. */
  public InvocationResult(
      String invocationId,
      Status status,
      byte[] output,
      String error,
      Receipt receipt,
      long cost,
      String providerId,
      Settlement settlement,
      String batchId,
      Verification verification) {
    this(
        invocationId,
        status,
        output,
        error,
        receipt,
        cost,
        providerId,
        settlement,
        batchId,
        verification,
        false);
  }

  /** A result without logs. */
  public InvocationResult(
      String invocationId,
      Status status,
      byte[] output,
      String error,
      Receipt receipt,
      long cost,
      String providerId,
      Settlement settlement,
      String batchId,
      Verification verification,
      boolean outputDropped) {
    this(
        invocationId,
        status,
        output,
        error,
        receipt,
        cost,
        providerId,
        settlement,
        batchId,
        verification,
        outputDropped,
        null);
  }

  /** This result with how it was checked. */
  public InvocationResult verified(Verification how) {
    return new InvocationResult(
        invocationId,
        status,
        output,
        error,
        receipt,
        cost,
        providerId,
        settlement,
        batchId,
        how,
        outputDropped,
        logs);
  }

  /** This result carrying the function's {@code logs} (null: none). */
  public InvocationResult withLogs(String logs) {
    return new InvocationResult(
        invocationId,
        status,
        output,
        error,
        receipt,
        cost,
        providerId,
        settlement,
        batchId,
        verification,
        outputDropped,
        logs);
  }

  /** This result without logs: what anyone but the function's owner, or who did not ask, gets. */
  public InvocationResult withoutLogs() {
    return logs == null ? this : withLogs(null);
  }

  /**
   * This result without its output (and logs), saying so: what the broker answers once it no longer
   * keeps the output of an invocation that ran.
   */
  public InvocationResult withoutOutput() {
    return new InvocationResult(
        invocationId,
        status,
        null,
        error,
        receipt,
        cost,
        providerId,
        settlement,
        batchId,
        verification,
        status.ran(),
        null);
  }

  /** An accepted invocation that has not finished: nothing ran, nothing is charged yet. */
  public static InvocationResult pending(String invocationId) {
    return new InvocationResult(
        invocationId, Status.PENDING, null, null, null, 0, null, null, null);
  }

  /** A copy of the output (base64 in JSON), or null when nothing ran. */
  @Override
  public byte[] output() {
    return output == null ? null : output.clone();
  }

  /** Whether the result is final as far as the broker is concerned: failed, settled or rejected. */
  public boolean finished() {
    return status == Status.FAILED
        || settlement == Settlement.SETTLED
        || settlement == Settlement.REJECTED;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof InvocationResult r
        && Objects.equals(invocationId, r.invocationId)
        && status == r.status
        && Arrays.equals(output, r.output)
        && Objects.equals(error, r.error)
        && Objects.equals(receipt, r.receipt)
        && cost == r.cost
        && Objects.equals(providerId, r.providerId)
        && settlement == r.settlement
        && Objects.equals(batchId, r.batchId)
        && Objects.equals(verification, r.verification)
        && outputDropped == r.outputDropped
        && Objects.equals(logs, r.logs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
                invocationId,
                status,
                error,
                receipt,
                cost,
                providerId,
                settlement,
                batchId,
                verification,
                outputDropped,
                logs)
            * 31
        + Arrays.hashCode(output);
  }

  @Override
  public String toString() {
    return "InvocationResult[invocationId="
        + invocationId
        + ", status="
        + status
        + ", output="
        + (output == null ? "null" : output.length + " bytes")
        + ", error="
        + error
        + ", cost="
        + cost
        + ", providerId="
        + providerId
        + ", settlement="
        + settlement
        + ", batchId="
        + batchId
        + ", verification="
        + verification
        + (outputDropped ? ", outputDropped" : "")
        + (logs == null ? "" : ", logs=" + logs.length() + " chars")
        + "]";
  }
}
