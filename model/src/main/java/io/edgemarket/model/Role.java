package io.edgemarket.model;

import java.util.Locale;

/** The part a participant plays; carried in its X.509 certificate and checked on every call. */
public enum Role {
  PROVIDER,
  CONSUMER,
  BROKER,
  AUDITOR,
  ADMIN,
  /**
   * The EVM bridge service: credits deposits it saw on a chain, records withdrawals it paid and
   * settlement roots it anchored. It has no consumer, provider or overseer rights; a governed
   * market binds it to an organisation explicitly (an unbound role is refused).
   */
  BRIDGE,
  /** A ledger node (the embedded ledger's log signer); has no rights in the chaincode. */
  ORDERER;

  /** The value stored in the certificate attribute {@code edgemarket.role}. */
  public String attributeValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromAttribute(String value) {
    if (value == null) {
      throw new IllegalArgumentException("certificate carries no edgemarket.role attribute");
    }
    return Role.valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
