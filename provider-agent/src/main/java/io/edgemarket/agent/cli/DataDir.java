package io.edgemarket.agent.cli;

import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * A contributor's data directory, laid out as {@code ./edgemarket} lays it out, so that either
 * command line can use what the other wrote: {@code ca-cert.pem}, {@code identities/<name>/} and
 * the agent's own state in {@code agents/<name>/}.
 */
record DataDir(Path root) {
  private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}";

  Path caCertificateFile() {
    return root.resolve("ca-cert.pem");
  }

  Path identityDir(String name) {
    return root.resolve("identities").resolve(checkName(name));
  }

  Path agentData(String name) {
    return root.resolve("agents").resolve(checkName(name));
  }

  Identity identity(String name) throws IOException {
    Path dir = identityDir(name);
    if (!Files.exists(dir.resolve("cert.pem"))) {
      throw AgentFailure.usage(
          "no identity '"
              + name
              + "' in "
              + root.resolve("identities")
              + ": enroll first with 'edgemarket-agent enroll' (or pass --data DIR)");
    }
    return Identity.load(dir);
  }

  X509Certificate trustRoot() throws IOException {
    if (!Files.exists(caCertificateFile())) {
      throw AgentFailure.usage(
          "no " + caCertificateFile() + ": enroll first with 'edgemarket-agent enroll'");
    }
    return Pem.certificate(Files.readString(caCertificateFile()));
  }

  /** A plain name, never a path: identities are directories under DIR/identities. */
  static String checkName(String name) {
    if (name == null || !name.matches(NAME)) {
      throw AgentFailure.usage(
          "--as must name an identity directory under DIR/identities (letters, digits, '.', '_',"
              + " '-'), got '"
              + name
              + "'");
    }
    return name;
  }
}
