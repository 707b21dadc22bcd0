/**
 * The content-addressed store of function code: WASI command modules (runtime {@code wasm}, at most
 * 16 MiB) and container images as {@code docker save} tars (runtime {@code oci}, at most 512 MiB).
 * A blob is stored under the hex SHA-256 of its bytes, only after it has been checked (a module
 * parses as a WASI command; a tar passes model's {@code ImageTar}: no hostile entries, a manifest
 * naming only what it holds), so providers never fetch code they would refuse to run. Uploads are
 * streamed to disk, never held in memory.
 */
package io.edgemarket.broker.blob;
