package io.edgemarket.cli.market;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * secp256k1 keys in files: one line, the private key in {@code 0x} hex, readable by the owner alone
 * (0600), as an operator's key file for a development chain. Never a key of value: {@code up --evm}
 * makes them for its local anvil.
 */
public final class EvmKeys {
  private EvmKeys() {}

  /** The key in {@code file}, made there first when there is none. */
  public static Credentials loadOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      return load(file);
    }
    ECKeyPair pair;
    try {
      pair = Keys.createEcKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot make a secp256k1 key: " + e.getMessage(), e);
    }
    Files.createDirectories(file.getParent());
    Path written = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(written);
    Files.createFile(
        written,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(
        written, Numeric.toHexStringWithPrefixZeroPadded(pair.getPrivateKey(), 64) + "\n");
    Files.move(written, file);
    return Credentials.create(pair);
  }

  /** The key in {@code file}; an IOException naming the file when it holds none. */
  public static Credentials load(Path file) throws IOException {
    String hex = Files.readString(file).strip();
    if (!hex.matches("(0x)?[0-9a-fA-F]{64}")) {
      throw new IOException(file + " holds no secp256k1 private key (64 hex digits)");
    }
    return Credentials.create(hex);
  }
}
