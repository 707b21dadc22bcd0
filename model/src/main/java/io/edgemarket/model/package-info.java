/**
 * The market's shared vocabulary: immutable values (offers, functions, tickets, receipts, batches)
 * and the exact bytes that get signed.
 *
 * <p>This module depends on nothing of ours; every other module may depend on it. Signed values
 * define their signing payload as explicit lines of text rather than JSON, so that a verifier in
 * any language reproduces the bytes without a canonical-JSON library.
 */
package io.edgemarket.model;
