package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors of {@code account}: each exits 3 with a line saying what to pass. */
class AccountCommandsTest {
  private static final String ESCROW = "0x" + "12".repeat(20);

  @TempDir Path dir;

  @Test
  void withoutEvmJsonOrOptionsTheCommandsNameTheOptions() {
    for (String command : new String[] {"deposit", "withdraw"}) {
      Cli cli = Cli.run("account", command, "--amount", "5", "--data", dir.toString());
      assertEquals(ExitCodes.USAGE, cli.exitCode(), cli::toString);
      assertTrue(cli.stderr().contains("--rpc URL and --escrow ADDR"), cli::toString);
      assertTrue(cli.stderr().contains("up --evm"), cli::toString);
    }
  }

  @Test
  void badAmountsAddressesAndMissingSubcommandsAreUsageErrors() {
    String[][] cases = {
      {"account"},
      {"account", "deposit"},
      {"account", "deposit", "--amount", "0", "--rpc", "http://127.0.0.1:1", "--escrow", ESCROW},
      {"account", "withdraw", "--amount", "-3", "--rpc", "http://127.0.0.1:1", "--escrow", ESCROW},
      {
        "account",
        "withdraw",
        "--amount",
        "5",
        "--rpc",
        "http://127.0.0.1:1",
        "--escrow",
        ESCROW,
        "--to",
        "nowhere"
      },
      {"account", "deposit", "--amount", "5", "--rpc", "http://127.0.0.1:1", "--escrow", "0x12"},
      {"account", "deposit", "--amount", "5", "--rpc", "http://127.0.0.1:1", "--escrow", ESCROW},
    };
    for (String[] args : cases) {
      String[] all = java.util.Arrays.copyOf(args, args.length + 2);
      all[args.length] = "--data";
      all[args.length + 1] = dir.toString();
      Cli cli = Cli.run(all);
      assertEquals(ExitCodes.USAGE, cli.exitCode(), () -> String.join(" ", args) + "\n" + cli);
      assertTrue(!cli.stderr().isBlank(), () -> String.join(" ", args) + ": no message");
    }
  }
}
