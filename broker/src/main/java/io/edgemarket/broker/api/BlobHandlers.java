package io.edgemarket.broker.api;

import io.edgemarket.broker.blob.BlobStore;
import io.edgemarket.broker.blob.BlobTooLargeException;
import io.edgemarket.broker.blob.InvalidBlobException;
import io.edgemarket.model.ledger.ErrorCodes;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;

/**
 * {@code PUT|GET /api/v1/blobs/{sha256}}: function code (Wasm modules and image tars), stored under
 * its digest. Both directions stream: an image may be 512 MiB and is never held in memory.
 */
final class BlobHandlers {
  private final BlobStore blobs;

  BlobHandlers(BlobStore blobs) {
    this.blobs = blobs;
  }

  void put(Context ctx) throws IOException {
    String digest = ctx.pathParam("sha256");
    BlobStore.Blob stored;
    try (InputStream body = ctx.bodyInputStream()) {
      stored = blobs.put(digest, body);
    } catch (BlobTooLargeException e) {
      throw new ApiException(413, ErrorCodes.BAD_REQUEST, e.getMessage());
    } catch (InvalidBlobException e) {
      throw new ApiException(400, ErrorCodes.BAD_REQUEST, e.getMessage());
    }
    ctx.status(201)
        .json(Map.of("digest", digest, "runtime", stored.kind().runtime(), "size", stored.size()));
  }

  void get(Context ctx) throws IOException {
    String digest = ctx.pathParam("sha256");
    Optional<BlobStore.Blob> blob = blobs.find(digest);
    if (blob.isEmpty()) {
      throw new ApiException(404, ErrorCodes.NOT_FOUND, "no blob " + digest);
    }
    // Javalin copies the stream to the response and closes it.
    ctx.contentType(blob.get().kind().contentType())
        .result(Files.newInputStream(blob.get().file()));
  }
}
