package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.agent.ProviderAgent;
import io.edgemarket.cli.market.LocalMarket;
import io.edgemarket.model.Pricing;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.InvokeOptions;
import io.edgemarket.testing.Await;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 4's "done when": a provider that enrolled with a token and runs on its own through {@code
 * provider start} earns from a market started the way {@code up} starts it; with {@code
 * --dial-out}, over the link it dials out to the broker alone (no inbound port).
 */
class ContributorProviderIT {
  private static final Duration DEADLINE = Duration.ofSeconds(120);
  private static final int FEE_BPS = 500;

  @TempDir Path dir;

  @Test
  void anEnrolledProviderStartedOnItsOwnEarnsItsReceiptsShare() throws Exception {
    Path marketDir = dir.resolve("market");
    Path contributorDir = dir.resolve("contributor");
    try (LocalMarket market =
            LocalMarket.start(marketDir, 0, 1, new PrintStream(OutputStream.nullOutputStream()));
        EdgeMarket consumer =
            EdgeMarket.builder()
                .broker(market.brokerUrl())
                .identity(market.dir().identity("consumer"))
                .trustRoot(market.dir().trustRoot())
                .build()) {
      String broker = market.brokerUrl().toString();
      consumer.deploy(
          "echo",
          Files.readAllBytes(Path.of("../samples/wasm/echo.wasm")),
          DeployOptions.defaults());

      Cli token =
          Cli.run(
              args(
                  "identity token --role provider --name carol --broker %s --data %s",
                  broker, marketDir));
      assertEquals(0, token.exitCode(), token::toString);
      Cli enroll =
          Cli.run(
              args(
                  "identity enroll --broker %s --token %s --data %s",
                  broker, token.out(), contributorDir));
      assertEquals(0, enroll.exitCode(), enroll::toString);
      assertEquals("carol@EdgeMarketMSP", enroll.out().strip());
      Path identity = contributorDir.resolve("identities/carol");
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(
              Files.getPosixFilePermissions(identity.resolve("key.pem"))));
      assertTrue(Files.exists(contributorDir.resolve("ca-cert.pem")));
      Cli again =
          Cli.run(
              args(
                  "identity enroll --name carol --broker %s --token %s --data %s",
                  broker, token.out(), contributorDir));
      assertEquals(ExitCodes.USAGE, again.exitCode(), "never overwrites an identity");

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
      CommandLine cli =
          EdgeMarketCli.commandLine(
              new EdgeMarketCli(outStream, outStream, new ByteArrayInputStream(new byte[0])));
      ProviderStartCommand start =
          cli.getSubcommands().get("provider").getSubcommands().get("start").getCommand();
      AtomicInteger exit = new AtomicInteger(-1);
      Thread provider =
          new Thread(
              () ->
                  exit.set(
                      cli.execute(
                          args(
                              "provider start --as carol --dial-out --price 10 --price-per-mfuel 1 --memory 256MiB --cpu 1 --broker %s --data %s",
                              broker, contributorDir))),
              "provider-start");
      provider.start();
      Await.until(
          "the provider to start", DEADLINE, () -> start.agent() != null || !provider.isAlive());
      ProviderAgent agent = start.agent();
      assertTrue(agent != null, () -> "provider start failed: " + out);
      // --dial-out: no inbound port; the broker reaches carol only over the link she dialled.
      assertEquals(broker + "/api/v1/agents/link", agent.url());
      Await.until(
          "the broker to list " + agent.offerId(),
          DEADLINE,
          () -> publicMarket(broker).contains("\"offerId\":\"" + agent.offerId() + "\""));

      // Matching weighs price (relative to the ticket's maxPrice, hence a tight one) against
      // latency and reputation, and a newcomer's first call is slow (it fetches the module). So
      // invoke in concurrent rounds wider than the sample provider's 4 slots: the overflow goes to
      // the newcomer whatever the scores, and rounds continue until it has served some.
      InvokeOptions tight = InvokeOptions.defaults().withMaxPrice(200);
      List<Receipt> carols = new ArrayList<>();
      long end = System.nanoTime() + DEADLINE.toNanos();
      for (int round = 0; carols.size() < 3 && System.nanoTime() < end; round++) {
        List<CompletableFuture<InvocationResult>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          byte[] input = ("payload " + round + "." + i).getBytes(StandardCharsets.UTF_8);
          calls.add(consumer.invokeAsync("echo", input, tight));
        }
        for (CompletableFuture<InvocationResult> call : calls) {
          InvocationResult result = call.join();
          assertEquals(InvocationResult.Status.OK, result.status());
          if (result.receipt().providerId().equals(agent.identity().id())) {
            carols.add(result.receipt());
          }
        }
      }
      assertTrue(carols.size() >= 3, () -> "served " + carols.size() + ": " + publicMarket(broker));
      for (Receipt receipt : carols) {
        consumer.awaitSettled(receipt.invocationId(), Duration.ofSeconds(60));
      }
      long share =
          carols.stream().mapToLong(r -> r.amount() - Pricing.brokerFee(r.amount(), FEE_BPS)).sum();
      assertTrue(share > 0);
      assertEquals(share, agent.earnings());

      start.stop();
      provider.join(DEADLINE.toMillis());
      assertEquals(ExitCodes.OK, exit.get(), out::toString);
      String printed = out.toString(StandardCharsets.UTF_8);
      assertTrue(printed.contains("carol@EdgeMarketMSP offers up to 1000m CPU, 256 MiB"), printed);
      assertTrue(printed.contains("carol@EdgeMarketMSP earned " + share + " in total"), printed);
    }
  }

  /** Command-line words; the values (URLs, temp paths, the token) contain no spaces. */
  private static String[] args(String format, Object... values) {
    return String.format(format, values).strip().split("\\s+");
  }

  private static String publicMarket(String broker) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(broker + "/api/v1/public/market")).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
