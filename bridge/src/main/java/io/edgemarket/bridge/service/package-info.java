/**
 * The bridge service (docs/bridge.md, "The bridge service"): {@link
 * io.edgemarket.bridge.service.BridgeService} watches the escrow on an EVM chain and the market's
 * ledger, crediting deposits, paying withdrawals and anchoring settlement roots, each exactly once
 * across restarts.
 */
package io.edgemarket.bridge.service;
