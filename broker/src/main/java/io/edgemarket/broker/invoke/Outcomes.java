package io.edgemarket.broker.invoke;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.InvocationResult.Settlement;
import io.edgemarket.model.api.InvocationResult.Status;

/** Builders of the {@link InvocationResult} values an invocation goes through after pending. */
final class Outcomes {
  private Outcomes() {}

  static InvocationResult served(Receipt receipt, byte[] output, String error) {
    return new InvocationResult(
        receipt.invocationId(),
        Status.ofReceipt(receipt.status()),
        output,
        error,
        receipt,
        receipt.amount(),
        receipt.providerId(),
        Settlement.PENDING,
        null);
  }

  /**
   * What a restarted broker knows of an invocation from its receipt alone: its record (with the
   * output) is gone, and the answer says so.
   */
  static InvocationResult fromReceipt(Receipt receipt) {
    return served(receipt, null, null).withoutOutput();
  }

  static InvocationResult failed(String invocationId, String error) {
    return new InvocationResult(
        invocationId, Status.FAILED, null, error, null, 0, null, null, null);
  }

  static InvocationResult settled(InvocationResult current, String batchId) {
    return new InvocationResult(
        current.invocationId(),
        current.status(),
        current.output(),
        current.error(),
        current.receipt(),
        current.cost(),
        current.providerId(),
        Settlement.SETTLED,
        batchId,
        current.verification(),
        current.outputDropped(),
        current.logs());
  }

  /** The ledger refused the receipt: nothing was charged, and the code says why. */
  static InvocationResult rejected(InvocationResult current, String code, String batchId) {
    String why = "settlement rejected: " + code;
    return new InvocationResult(
        current.invocationId(),
        current.status(),
        current.output(),
        current.error() == null ? why : current.error() + "; " + why,
        current.receipt(),
        0,
        current.providerId(),
        Settlement.REJECTED,
        batchId,
        current.verification(),
        current.outputDropped(),
        current.logs());
  }
}
