/**
 * Authentication of HTTP calls between participants: every request is signed with the caller's
 * market identity and verified against the market's CA, with a timestamp window and a nonce cache
 * against replay. Also the remote ledger gateway and the error body every EdgeMarket API returns.
 */
package io.edgemarket.model.http;
