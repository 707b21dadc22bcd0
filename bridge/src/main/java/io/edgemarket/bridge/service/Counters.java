package io.edgemarket.bridge.service;

import java.util.concurrent.atomic.AtomicLong;

/** The service's running totals since it was built (BridgeService's metric methods read them). */
final class Counters {
  final AtomicLong depositsCredited = new AtomicLong();
  final AtomicLong depositsRefused = new AtomicLong();
  final AtomicLong withdrawalsReleased = new AtomicLong();
  final AtomicLong withdrawalsPaid = new AtomicLong();
  final AtomicLong paymentsRecovered = new AtomicLong();
  final AtomicLong gasShortfalls = new AtomicLong();
  final AtomicLong anchorsRecorded = new AtomicLong();
  final AtomicLong passes = new AtomicLong();
  final AtomicLong failedPasses = new AtomicLong();
}
