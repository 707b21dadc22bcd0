/**
 * The content-addressed store of function modules. A module is stored under the hex SHA-256 of its
 * bytes, only after it has been checked to be a WASI command module, so providers never fetch code
 * they would refuse to run.
 */
package io.edgemarket.broker.blob;
