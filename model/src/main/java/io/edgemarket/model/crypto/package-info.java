/**
 * X.509 identities on ECDSA P-256, as in Fabric's MSP, made and checked with Bouncy Castle.
 *
 * <p>Bouncy Castle verifies P-256 about twelve times faster than the JDK provider on our machines,
 * and signature checks bound settlement throughput, so every signature here goes through it. Roles
 * travel in the same certificate extension Fabric CA uses for attributes, so the chaincode reads
 * them with Fabric's own {@code ClientIdentity} in both ledger backends.
 */
package io.edgemarket.model.crypto;
