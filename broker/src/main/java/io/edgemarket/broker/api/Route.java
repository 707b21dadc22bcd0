package io.edgemarket.broker.api;

import io.edgemarket.model.Role;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.Set;
import java.util.function.Function;

/**
 * One row of the route table.
 *
 * @param signed whether the request must carry SignedHeaders (false: public, or the ledger relay,
 *     whose body is itself signed)
 * @param roles the roles allowed when signed
 * @param maxBody the largest body accepted, in bytes; larger requests get 413 before being read
 * @param bodyDigestParam null, or the path parameter naming the body's SHA-256 on a route whose
 *     body is streamed by its handler: the signature is then checked against that digest instead of
 *     the read body, and the handler must check the body against it
 * @param bodySigned the body carries the caller's own signature (an invocation's ticket), which the
 *     handler verifies against the certificate the request names: the request needs only {@code
 *     X-EdgeMarket-Cert} (and {@code -Msp}), and other SignedHeaders are not checked
 * @param session a browser's session cookie ({@link Sessions}) authenticates the request as well as
 *     SignedHeaders do (the web UI's own views); the roles apply alike
 * @param bind picks the handler from the handler groups
 */
record Route(
    HandlerType method,
    String path,
    boolean signed,
    Set<Role> roles,
    long maxBody,
    String bodyDigestParam,
    boolean bodySigned,
    boolean session,
    Function<HttpApi.Handlers, Handler> bind) {

  static Route open(
      HandlerType method, String path, long maxBody, Function<HttpApi.Handlers, Handler> bind) {
    return new Route(method, path, false, Set.of(), maxBody, null, false, false, bind);
  }

  static Route signed(
      HandlerType method,
      String path,
      Set<Role> roles,
      long maxBody,
      Function<HttpApi.Handlers, Handler> bind) {
    return new Route(method, path, true, Set.copyOf(roles), maxBody, null, false, false, bind);
  }

  /**
   * A route whose body is signed by the caller (see {@link #bodySigned}): the handler must verify
   * that signature with the caller's certificate before acting on anything in the request.
   */
  static Route bodySigned(
      HandlerType method,
      String path,
      Set<Role> roles,
      long maxBody,
      Function<HttpApi.Handlers, Handler> bind) {
    return new Route(method, path, true, Set.copyOf(roles), maxBody, null, true, false, bind);
  }

  /**
   * A signed route whose body is too large to hold in memory and is named by its digest in the path
   * ({@code {digestParam}}); see {@link #bodyDigestParam}.
   */
  static Route streamed(
      HandlerType method,
      String path,
      Set<Role> roles,
      long maxBody,
      String digestParam,
      Function<HttpApi.Handlers, Handler> bind) {
    return new Route(
        method, path, true, Set.copyOf(roles), maxBody, digestParam, false, false, bind);
  }

  /**
   * A route the web UI calls with its session cookie (SignedHeaders work too, for the SDK and
   * tests); the roles decide who may, as for any signed route.
   */
  static Route viewer(
      HandlerType method,
      String path,
      Set<Role> roles,
      long maxBody,
      Function<HttpApi.Handlers, Handler> bind) {
    return new Route(method, path, true, Set.copyOf(roles), maxBody, null, false, true, bind);
  }

  String key() {
    return key(method, path);
  }

  static String key(HandlerType method, String path) {
    return method.name() + " " + path;
  }
}
