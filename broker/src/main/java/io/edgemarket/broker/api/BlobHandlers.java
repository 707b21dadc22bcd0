package io.edgemarket.broker.api;

import io.edgemarket.broker.blob.BlobStore;
import io.edgemarket.broker.blob.InvalidBlobException;
import io.edgemarket.model.ledger.ErrorCodes;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** {@code PUT|GET /api/v1/blobs/{sha256}}: function modules, stored under their digest. */
final class BlobHandlers {
  private final BlobStore blobs;

  BlobHandlers(BlobStore blobs) {
    this.blobs = blobs;
  }

  void put(Context ctx) throws IOException {
    String digest = ctx.pathParam("sha256");
    try {
      blobs.put(digest, ctx.bodyAsBytes());
    } catch (InvalidBlobException e) {
      throw new ApiException(400, ErrorCodes.BAD_REQUEST, e.getMessage());
    }
    ctx.status(201).json(Map.of("digest", digest));
  }

  void get(Context ctx) throws IOException {
    String digest = ctx.pathParam("sha256");
    Optional<byte[]> bytes = blobs.get(digest);
    if (bytes.isEmpty()) {
      throw new ApiException(404, ErrorCodes.NOT_FOUND, "no blob " + digest);
    }
    ctx.contentType("application/wasm").result(bytes.get());
  }
}
