package io.edgemarket.broker.api;

import io.edgemarket.broker.enroll.EnrollmentMessages.EnrollRequest;
import io.edgemarket.broker.enroll.EnrollmentMessages.TokenRequest;
import io.edgemarket.broker.enroll.EnrollmentService;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.javalin.http.Context;
import java.io.IOException;

/**
 * Enrollment tokens (admins issue them) and enrollment itself (the token is the credential: the
 * caller has no certificate yet, so the route is not signed).
 */
final class EnrollmentHandlers {
  private final EnrollmentService enrollment;

  EnrollmentHandlers(EnrollmentService enrollment) {
    this.enrollment = enrollment;
  }

  void issueToken(Context ctx) throws IOException {
    ctx.status(201).json(enrollment.issue(body(ctx, TokenRequest.class)));
  }

  void enroll(Context ctx) throws IOException {
    ctx.status(201).json(enrollment.enroll(body(ctx, EnrollRequest.class), ctx.ip()));
  }

  private static <T> T body(Context ctx, Class<T> type) {
    try {
      return Json.read(ctx.bodyAsBytes(), type);
    } catch (RuntimeException e) {
      throw new ApiException(400, ErrorCodes.BAD_REQUEST, "malformed JSON body");
    }
  }
}
