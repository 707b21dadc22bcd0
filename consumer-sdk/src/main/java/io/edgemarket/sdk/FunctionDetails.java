package io.edgemarket.sdk;

import io.edgemarket.model.FunctionSpec;
import java.util.List;
import java.util.Objects;

/**
 * One function as the ledger keeps it: its latest registration, and every version (one per code
 * digest it was ever registered with, each as first registered: the terms its runs settle by),
 * oldest first.
 */
public record FunctionDetails(FunctionSpec function, List<FunctionSpec> versions) {
  public FunctionDetails {
    Objects.requireNonNull(function, "function");
    versions = List.copyOf(versions);
  }
}
