package io.edgemarket.sdk;

import io.edgemarket.model.Grant;
import java.net.URI;

/**
 * An HTTP route just opened ({@link EdgeMarket#createRoute}): the grant the ledger holds, the URL
 * to {@code POST} inputs to, and the key to send in {@code X-Route-Key}. The key is shown here
 * once: the ledger keeps only its SHA-256, so a lost key means a new route.
 */
public record RouteGrant(Grant grant, URI url, String key) {
  /** The header a caller sends the key in. */
  public static final String KEY_HEADER = "X-Route-Key";
}
