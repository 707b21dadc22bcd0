package io.edgemarket.model.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.edgemarket.model.Receipt;

/**
 * A provider agent's answer: status OK or FUNCTION_ERROR, output, error text, signed receipt, and
 * the function's stderr ({@code logs}, at most {@link Limits#MAX_LOG_BYTES} and a marker; absent
 * when it wrote none). The logs are not covered by the receipt: they are not what the consumer pays
 * for or what is verified, and the broker hands them to the function's owner only.
 */
public record InvokeResponse(
    String status,
    byte[] output,
    String error,
    Receipt receipt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String logs) {

  /** An answer without logs. */
  public InvokeResponse(String status, byte[] output, String error, Receipt receipt) {
    this(status, output, error, receipt, null);
  }
}
