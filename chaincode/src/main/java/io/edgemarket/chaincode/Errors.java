package io.edgemarket.chaincode;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.edgemarket.model.ledger.ErrorCodes;
import java.util.function.Supplier;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * Chaincode errors in the one shape clients parse: message {@code CODE: text}, payload the code.
 * The message is what survives the trip through a Fabric Gateway, so the code leads it.
 */
final class Errors {
  private Errors() {}

  static ChaincodeException error(String code, String text) {
    return new ChaincodeException(ErrorCodes.format(code, text), code.getBytes(UTF_8));
  }

  static ChaincodeException badRequest(String text) {
    return error(ErrorCodes.BAD_REQUEST, text);
  }

  static ChaincodeException forbidden(String text) {
    return error(ErrorCodes.FORBIDDEN, text);
  }

  static ChaincodeException notFound(String text) {
    return error(ErrorCodes.NOT_FOUND, text);
  }

  /**
   * Runs a transaction body so that nothing leaves it without a code: arithmetic overflow is the
   * caller's doing (amounts too large), anything else unexpected is INTERNAL.
   */
  static String guard(Supplier<String> body) {
    try {
      return body.get();
    } catch (ChaincodeException e) {
      throw e;
    } catch (ArithmeticException e) {
      throw badRequest("amount out of range: " + e.getMessage());
    } catch (RuntimeException e) {
      throw new ChaincodeException(
          ErrorCodes.format(ErrorCodes.INTERNAL, e.toString()),
          ErrorCodes.INTERNAL.getBytes(UTF_8),
          e);
    }
  }
}
