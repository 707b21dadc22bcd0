/**
 * Enrollment of new contributors: one-time tokens an admin issues, and the exchange of a token and
 * a public key for a certificate from the market CA. The private key never reaches the broker.
 * Tokens are kept only as SHA-256 hashes, in a forced append-only file under the broker's data
 * directory, so a copy of that directory gives no one a usable token.
 */
package io.edgemarket.broker.enroll;
