package io.edgemarket.agent;

import io.edgemarket.model.Role;
import io.edgemarket.model.api.Heartbeat;
import io.edgemarket.model.http.AuthenticatedCaller;
import io.edgemarket.model.http.AuthenticationException;
import io.edgemarket.model.http.RequestVerifier;
import io.edgemarket.model.json.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the broker (written in another module): serves module blobs and takes heartbeats,
 * both only from providers whose requests verify, so the agent's request signing is tested too.
 */
final class FakeBroker implements AutoCloseable {
  private final RequestVerifier verifier;
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final BlockingQueue<Heartbeat> heartbeats = new LinkedBlockingQueue<>();
  private final AtomicInteger blobFetches = new AtomicInteger();
  private volatile boolean down;
  private final java.util.concurrent.atomic.AtomicInteger refusedHeartbeats =
      new java.util.concurrent.atomic.AtomicInteger();
  private final Javalin app;

  FakeBroker(X509Certificate trustRoot, String mspId) {
    this.verifier = new RequestVerifier(trustRoot, mspId);
    this.app =
        Javalin.create(
                cfg -> {
                  cfg.startup.showJavalinBanner = false;
                  cfg.routes.get("/api/v1/blobs/{digest}", this::blob);
                  cfg.routes.post("/api/v1/providers/heartbeat", this::heartbeat);
                })
            .start("127.0.0.1", 0);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + app.port());
  }

  void putBlob(String digest, byte[] bytes) {
    blobs.put(digest, bytes);
  }

  int blobFetches() {
    return blobFetches.get();
  }

  /** While down, heartbeats are answered 503, as by a broker that is restarting. */
  void setDown(boolean value) {
    down = value;
  }

  /** Heartbeats answered 503 while down. */
  int refusedHeartbeats() {
    return refusedHeartbeats.get();
  }

  BlockingQueue<Heartbeat> heartbeats() {
    return heartbeats;
  }

  private void blob(Context ctx) {
    if (!fromProvider(ctx)) {
      return;
    }
    blobFetches.incrementAndGet();
    byte[] bytes = blobs.get(ctx.pathParam("digest"));
    if (bytes == null) {
      ctx.status(404).result("{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no blob\"}}");
    } else {
      ctx.contentType("application/wasm").result(bytes);
    }
  }

  private void heartbeat(Context ctx) {
    if (down) {
      refusedHeartbeats.incrementAndGet();
      ctx.status(503);
    } else if (fromProvider(ctx)) {
      heartbeats.add(Json.read(ctx.bodyAsBytes(), Heartbeat.class));
      ctx.status(204);
    }
  }

  private boolean fromProvider(Context ctx) {
    try {
      AuthenticatedCaller caller =
          verifier.verify(ctx.method().name(), ctx.path(), ctx.bodyAsBytes(), ctx::header);
      if (caller.role() == Role.PROVIDER) {
        return true;
      }
      ctx.status(403);
    } catch (AuthenticationException e) {
      ctx.status(401).result(e.getMessage());
    }
    return false;
  }

  @Override
  public void close() {
    app.stop();
  }
}
