package io.edgemarket.model.api;

/** Why an archive is refused, in a sentence that names the entry at fault. */
final class TarProblem extends Exception {
  private static final long serialVersionUID = 1L;

  TarProblem(String message) {
    super(message, null, false, false);
  }
}
