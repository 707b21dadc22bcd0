package io.edgemarket.agent.container;

import io.edgemarket.model.Offer;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Transactions;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the broker and the ledger in agent tests of this package: serves image tars as
 * blobs (streamed from disk, as the real broker does), takes heartbeats, and records the offers the
 * agent publishes. The agent package's own fakes are package-private there.
 */
final class ImageBroker implements AutoCloseable {
  private final Map<String, Path> blobs = new ConcurrentHashMap<>();
  private final AtomicInteger fetches = new AtomicInteger();
  private final List<Offer> offers = new CopyOnWriteArrayList<>();
  private final Javalin app;

  ImageBroker() {
    this.app =
        Javalin.create(
                cfg -> {
                  cfg.startup.showJavalinBanner = false;
                  cfg.routes.get("/api/v1/blobs/{digest}", this::blob);
                  cfg.routes.post("/api/v1/providers/heartbeat", ctx -> ctx.status(204));
                })
            .start("127.0.0.1", 0);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + app.port());
  }

  void put(TestImages.Image image) {
    blobs.put(image.digest(), image.tar());
  }

  int fetches() {
    return fetches.get();
  }

  List<Offer> offers() {
    return offers;
  }

  /** A ledger that records published offers and knows no balances but zero. */
  LedgerGateway ledger(Identity identity) {
    return new LedgerGateway() {
      @Override
      public Identity identity() {
        return identity;
      }

      @Override
      public String submit(String transaction, String... args) {
        if (Transactions.PUBLISH_OFFER.equals(transaction)) {
          offers.add(Json.read(args[0], Offer.class));
        }
        return args.length > 0 ? args[0] : "{}";
      }

      @Override
      public String evaluate(String transaction, String... args) {
        return "{\"balance\":0}";
      }

      @Override
      public void close() {}
    };
  }

  private void blob(Context ctx) throws IOException {
    fetches.incrementAndGet();
    Path file = blobs.get(ctx.pathParam("digest"));
    if (file == null) {
      ctx.status(404).result("{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no blob\"}}");
    } else {
      ctx.contentType("application/x-tar").result(Files.newInputStream(file));
    }
  }

  @Override
  public void close() {
    app.stop();
  }
}
