package io.edgemarket.agent.link;

import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.link.LinkFrame;
import io.edgemarket.model.link.LinkHandshake;
import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsHandlerType;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The broker's end of the link, played by a test: it answers a hello with a challenge signed by
 * {@code identity} over whatever agent nonce {@code nonceSigned} makes of the real one (the real
 * one for an honest broker), welcomes any proof, and records every frame and the last close.
 */
final class FakeLinkBroker implements AutoCloseable {
  final BlockingQueue<LinkFrame> received = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closedWith = new CompletableFuture<>();
  private final Javalin app;
  private volatile WsContext agent;

  FakeLinkBroker(Identity identity, UnaryOperator<String> nonceSigned) {
    String brokerNonce = LinkHandshake.nonce();
    app =
        Javalin.create(
                config -> {
                  config.startup.showJavalinBanner = false;
                  config.routes.addWsHandler(
                      WsHandlerType.WEBSOCKET,
                      LinkHandshake.PATH,
                      ws -> {
                        ws.onConnect(ctx -> agent = ctx);
                        ws.onMessage(
                            ctx -> {
                              LinkFrame frame = Json.read(ctx.message(), LinkFrame.class);
                              received.add(frame);
                              if (LinkFrame.HELLO.equals(frame.type())) {
                                String signature =
                                    LinkHandshake.signChallenge(
                                        identity,
                                        nonceSigned.apply(frame.shake().nonce()),
                                        brokerNonce);
                                ctx.send(
                                    Json.write(
                                        LinkFrame.challenge(
                                            brokerNonce, identity.certificatePem(), signature)));
                              } else if (LinkFrame.PROOF.equals(frame.type())) {
                                ctx.send(Json.write(LinkFrame.welcome("provider")));
                              }
                            });
                        ws.onClose(ctx -> closedWith.complete(ctx.status()));
                      });
                })
            .start("127.0.0.1", 0);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + app.port());
  }

  void send(LinkFrame frame) {
    agent.send(Json.write(frame));
  }

  /** The next frame of {@code type} the agent sent, skipping others; fails after 10 s. */
  LinkFrame next(String type) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      LinkFrame frame = received.poll(100, TimeUnit.MILLISECONDS);
      if (frame != null && type.equals(frame.type())) {
        return frame;
      }
    }
    throw new AssertionError("no " + type + " frame within 10 s");
  }

  @Override
  public void close() {
    app.stop();
  }
}
