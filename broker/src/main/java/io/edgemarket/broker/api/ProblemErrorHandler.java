package io.edgemarket.broker.api;

import io.edgemarket.model.http.ApiError;
import io.edgemarket.model.json.Json;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty gives itself, before a request reaches a route (a malformed message, such as an
 * unparsable Content-Length, headers above its limit, a URI too long): problem details like every
 * other error of the API, instead of Jetty's HTML page. Found by fuzzing (scripts/fuzz-api.sh).
 */
final class ProblemErrorHandler extends ErrorHandler {
  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int status,
      String message,
      Throwable cause,
      Callback callback) {
    String detail = message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
    byte[] body = Json.bytes(ApiError.of(status, HttpApi.codeOf(status), detail));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, ApiError.MEDIA_TYPE);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
