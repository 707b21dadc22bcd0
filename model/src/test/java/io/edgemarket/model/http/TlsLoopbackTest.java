package io.edgemarket.model.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Plain HTTP is allowed only to loopback (a token sent, an invocation pushed by a TLS broker), so
 * what counts as loopback must come from the address as written, never from a name lookup.
 */
class TlsLoopbackTest {
  @Test
  void loopbackIsRecognisedOnlyFromTheAddressAsWritten() {
    assertTrue(Tls.isLoopback("127.0.0.1"));
    assertTrue(Tls.isLoopback("127.0.0.2"));
    assertTrue(Tls.isLoopback("localhost"));
    assertTrue(Tls.isLoopback("[::1]"));
    assertFalse(Tls.isLoopback("10.0.0.1"));
    assertFalse(Tls.isLoopback("192.0.2.7"));
    assertFalse(Tls.isLoopback("edge.example"));
    assertFalse(Tls.isLoopback("localhost.evil.example"));
    assertFalse(Tls.isLoopback(null));
  }
}
