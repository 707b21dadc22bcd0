package io.edgemarket.cli.market;

import io.edgemarket.ledger.fabric.FabricMarketIdentities;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The Fabric ITs' precondition: the network of network-config running on this machine
 * (scripts/test-all.sh starts it before the build). In CI a network that is not running fails the
 * build; elsewhere the test class is skipped, loudly.
 */
public final class FabricRequired {
  static final String NOT_RUNNING =
      "Fabric network not running: start it with network-config/scripts/network.sh up";

  private FabricRequired() {}

  /** Fails under CI=true, else aborts {@code testClass}, unless orderer and both peers answer. */
  public static void network(String testClass) {
    boolean up = listening(7050) && listening(7051) && listening(9051);
    if (!up || !Files.isDirectory(FabricMarketIdentities.defaultNetworkDir().resolve("crypto"))) {
      skipOrFail(testClass, NOT_RUNNING);
    }
  }

  /** Fails under CI=true (where the precondition is the script's to meet), else aborts, loudly. */
  public static void skipOrFail(String testClass, String why) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(why);
    }
    System.err.println("\n*** SKIPPED " + testClass + ": " + why + " ***\n");
    Assumptions.abort(why);
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
