package io.edgemarket.broker.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.broker.api.ExplorerViews.PublishedReport;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The latest audit report an auditor published ({@code ./edgemarket audit --publish}): the broker
 * runs no audit of its own and vouches for nothing in it; it keeps the one latest report, with who
 * sent it and when, in {@code dataDir/explorer/audit-report.json}, so that the explorer can show
 * it.
 */
final class AuditReports {
  /**
   * A report of a market with many discrepancies is cut by the SDK's own limits well below this.
   */
  static final int MAX_BYTES = 256 * 1024;

  private final Path file;
  private PublishedReport latest;

  AuditReports(Path dataDir) {
    this.file = dataDir.resolve("explorer").resolve("audit-report.json");
    this.latest = read(file);
  }

  synchronized Optional<PublishedReport> latest() {
    return Optional.ofNullable(latest);
  }

  /** Keeps {@code body} as the latest report if it reads as an audit report. */
  synchronized PublishedReport publish(String auditorId, byte[] body, long now) {
    JsonNode report;
    try {
      report = Json.tree(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw bad("not JSON: " + e.getMessage());
    }
    if (report == null
        || !report.isObject()
        || !report.path("batches").isIntegralNumber()
        || !report.path("receiptsChecked").isIntegralNumber()
        || !report.path("discrepancies").isArray()) {
      throw bad("an audit report is a JSON object with batches, receiptsChecked and discrepancies");
    }
    PublishedReport published = new PublishedReport(auditorId, now, report);
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, Json.bytes(published));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("keeping the audit report", e);
    }
    latest = published;
    return published;
  }

  private static ApiException bad(String message) {
    return new ApiException(400, ErrorCodes.BAD_REQUEST, message);
  }

  private static PublishedReport read(Path file) {
    try {
      return Files.exists(file) ? Json.read(Files.readString(file), PublishedReport.class) : null;
    } catch (IOException | IllegalArgumentException e) {
      return null; // an unreadable report is as none: the auditor publishes again
    }
  }
}
