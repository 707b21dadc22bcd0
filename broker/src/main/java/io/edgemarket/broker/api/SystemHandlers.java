package io.edgemarket.broker.api;

import io.edgemarket.broker.market.OfferBook;
import io.edgemarket.model.ledger.ErrorCodes;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Health, the OpenAPI document, Prometheus metrics and the status page. */
final class SystemHandlers {
  static final String OPENAPI_RESOURCE = "/openapi.json";
  static final String STATUS_PAGE_RESOURCE = "/web/index.html";

  private final ApiServices services;
  private final byte[] openApi;
  private final byte[] statusPage;
  private volatile boolean up;

  SystemHandlers(ApiServices services) {
    this.services = services;
    this.openApi = resource(OPENAPI_RESOURCE);
    this.statusPage = resource(STATUS_PAGE_RESOURCE);
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

  void statusPage(Context ctx) {
    if (statusPage.length == 0) {
      throw new ApiException(404, ErrorCodes.NOT_FOUND, "the status page is not packaged");
    }
    ctx.contentType("text/html; charset=utf-8").result(statusPage);
  }

  private static byte[] resource(String name) {
    try (InputStream in = SystemHandlers.class.getResourceAsStream(name)) {
      return in == null ? new byte[0] : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
