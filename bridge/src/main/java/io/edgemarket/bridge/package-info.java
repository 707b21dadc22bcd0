/**
 * EdgeMarket's bridge to an EVM chain (docs/bridge.md, "On chain"): the escrow contract's
 * withdrawal statements and the bridge key that signs them ({@link
 * io.edgemarket.bridge.WithdrawalStatement}, {@link io.edgemarket.bridge.BridgeSigner}), and a thin
 * client of the chain ({@link io.edgemarket.bridge.EvmChain}). The contract's Java wrapper, {@code
 * io.edgemarket.bridge.contracts.EdgeEscrow}, is generated at build time from
 * src/main/solidity/EdgeEscrow.sol.
 */
package io.edgemarket.bridge;
