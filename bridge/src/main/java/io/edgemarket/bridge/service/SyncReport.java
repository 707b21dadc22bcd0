package io.edgemarket.bridge.service;

/**
 * What one pass did: deposits credited and refused, consumers' withdrawals released, withdrawals
 * recorded as paid (paid now, or found paid by an earlier run), roots anchored, and the cursor (the
 * last block whose deposits were handled; -1 before the first).
 */
public record SyncReport(
    int credited, int refused, int released, int paid, int anchored, long cursor) {}
