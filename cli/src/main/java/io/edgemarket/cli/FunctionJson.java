package io.edgemarket.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.json.Json;
import io.edgemarket.sdk.FunctionDetails;
import java.util.List;
import java.util.Locale;

/**
 * What {@code function list} and {@code function show} print: a function's latest registration and
 * which of its versions that is (1 the first code it was registered with, counting up by first
 * registration). Field order is fixed; the trust level is lowercase, as {@code --trust} takes it.
 */
final class FunctionJson {
  private FunctionJson() {}

  /** The 1-based number of the latest code among the versions (the last one when unlisted). */
  static int version(FunctionDetails details) {
    List<FunctionSpec> versions = details.versions();
    for (int i = 0; i < versions.size(); i++) {
      if (versions.get(i).digest().equals(details.function().digest())) {
        return i + 1;
      }
    }
    return versions.size();
  }

  /** {@code active}, or {@code retired} once its owner retired it. */
  static String status(FunctionSpec spec) {
    return spec.retired() ? "retired" : "active";
  }

  static String trust(FunctionSpec spec) {
    return spec.trustLevel().name().toLowerCase(Locale.ROOT);
  }

  /** One line of {@code function list --json}. */
  static ObjectNode summary(FunctionDetails details) {
    FunctionSpec spec = details.function();
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("name", spec.name());
    node.put("functionId", spec.functionId());
    node.put("version", version(details));
    node.put("versions", details.versions().size());
    node.put("digest", spec.digest());
    node.put("runtime", spec.runtime());
    node.put("trustLevel", trust(spec));
    node.put("registeredAt", spec.registeredAt());
    node.put("status", status(spec));
    node.put("retiredAt", spec.retiredAt());
    return node;
  }

  /** {@code function show --json}: the summary, the latest terms and every version's. */
  static ObjectNode detail(FunctionDetails details) {
    ObjectNode node = summary(details);
    terms(node, details.function());
    ArrayNode versions = node.putArray("versionHistory");
    for (int i = 0; i < details.versions().size(); i++) {
      FunctionSpec version = details.versions().get(i);
      ObjectNode entry = versions.addObject().put("version", i + 1);
      entry.put("digest", version.digest());
      entry.put("runtime", version.runtime());
      entry.put("trustLevel", trust(version));
      entry.put("registeredAt", version.registeredAt());
      terms(entry, version);
    }
    return node;
  }

  private static void terms(ObjectNode node, FunctionSpec spec) {
    node.put("samplePpm", spec.samplePpm());
    node.put("minStake", spec.minStake());
    node.put("memoryLimitBytes", spec.memoryLimitBytes());
    node.put("timeoutMs", spec.timeoutMs());
    node.put("maxPricePerInvocation", spec.maxPricePerInvocation());
    node.put("maxFuel", spec.maxFuel());
  }
}
