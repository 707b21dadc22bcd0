package io.edgemarket.broker.api;

import io.edgemarket.broker.market.OfferBook;
import io.edgemarket.model.ledger.ErrorCodes;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Health, the OpenAPI document, Prometheus metrics and the web UI's page and files. */
final class SystemHandlers {
  static final String OPENAPI_RESOURCE = "/openapi.json";

  private final ApiServices services;
  private final byte[] openApi;
  private final WebAssets web;
  private volatile boolean up;

  SystemHandlers(ApiServices services) {
    this.services = services;
    this.openApi = resource(OPENAPI_RESOURCE);
    this.web = WebAssets.load();
  }

  /**
   * UP once the expected providers are serving. Latched: "started" is a one-way step, and a
   * provider restarting later must not make launchers think the whole market went down.
   */
  void health(Context ctx) {
    OfferBook book = services.offers();
    int providers = book.servingProviders();
    int offers = book.servingOffers();
    if (!up && providers >= services.expectedProviders()) {
      up = true;
    }
    ctx.status(up ? 200 : 503)
        .json(
            new Views.Health(
                up ? "UP" : "STARTING",
                services.ledger().name(),
                providers,
                offers,
                services.brokerId()));
  }

  void openApi(Context ctx) {
    ctx.contentType("application/json").result(openApi);
  }

  void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(services.metrics().scrape());
  }

  /**
   * The UI's page: not cached (it names the current bundle), and allowed to load only from here.
   */
  void statusPage(Context ctx) {
    if (web.page().length == 0) {
      throw new ApiException(404, ErrorCodes.NOT_FOUND, "the web UI is not packaged");
    }
    uiHeaders(ctx).header("Cache-Control", "no-cache");
    ctx.contentType("text/html; charset=utf-8").result(web.page());
  }

  /** A file of the UI's bundle: its name carries its content hash, so it is cached for good. */
  void asset(Context ctx) {
    WebAssets.Asset asset =
        web.asset(ctx.pathParam("file"))
            .orElseThrow(() -> new ApiException(404, ErrorCodes.NOT_FOUND, "no such file"));
    uiHeaders(ctx).header("Cache-Control", "public, max-age=31536000, immutable");
    ctx.contentType(asset.contentType()).result(asset.bytes());
  }

  private static Context uiHeaders(Context ctx) {
    return ctx.header("Content-Security-Policy", WebAssets.CONTENT_SECURITY_POLICY)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer");
  }

  private static byte[] resource(String name) {
    try (InputStream in = SystemHandlers.class.getResourceAsStream(name)) {
      return in == null ? new byte[0] : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
