package io.edgemarket.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.Verification;
import io.edgemarket.model.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The JSON {@code invoke --json} prints, field order fixed so that people reading it see the output
 * first. {@code verification} (level, providers, outcome) is there when the broker says how the
 * result was checked. {@code output} is the output decoded as UTF-8 (lossy for binary output);
 * {@code outputBase64} is exact. The receipt is identified by its invocation id. {@code logs} (the
 * function's stderr, or null when there are none for this caller) is there when asked for.
 */
final class InvocationJson {
  private InvocationJson() {}

  static String of(InvocationResult result, boolean withLogs) {
    byte[] output = result.output() == null ? new byte[0] : result.output();
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("output", new String(output, StandardCharsets.UTF_8));
    node.put("outputBase64", Base64.getEncoder().encodeToString(output));
    node.put("status", result.status().name());
    node.put("invocationId", result.invocationId());
    node.put("receiptId", result.receipt() == null ? null : result.invocationId());
    node.put("cost", result.cost());
    node.put("provider", result.providerId());
    node.put("error", result.error());
    Verification how = result.verification();
    if (how != null) {
      ObjectNode verification = node.putObject("verification");
      verification.put("level", how.level());
      var providers = verification.putArray("providers");
      how.providers().forEach(providers::add);
      verification.put("outcome", how.outcome());
    }
    if (withLogs) {
      node.put("logs", result.logs());
    }
    return node.toString();
  }

  /** An invocation that failed or was refused: nothing ran to completion, nothing is charged. */
  static String failure(String invocationId, String error) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.putNull("output");
    node.putNull("outputBase64");
    node.put("status", InvocationResult.Status.FAILED.name());
    node.put("invocationId", invocationId);
    node.putNull("receiptId");
    node.put("cost", 0);
    node.putNull("provider");
    node.put("error", error);
    return node.toString();
  }
}
