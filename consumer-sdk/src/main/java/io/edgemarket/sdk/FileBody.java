package io.edgemarket.sdk;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.Flow;

/**
 * A request body streamed from a file (the JDK's file publisher, with its Content-Length) that
 * reports progress as the HTTP client takes each buffer.
 */
final class FileBody implements HttpRequest.BodyPublisher {
  private final HttpRequest.BodyPublisher file;
  private final long size;
  private final UploadProgress progress;

  FileBody(Path path, long size, UploadProgress progress) throws FileNotFoundException {
    this.file = HttpRequest.BodyPublishers.ofFile(path);
    this.size = size;
    this.progress = progress;
  }

  @Override
  public long contentLength() {
    return file.contentLength();
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
    file.subscribe(
        new Flow.Subscriber<ByteBuffer>() {
          private long sent;

          @Override
          public void onSubscribe(Flow.Subscription subscription) {
            subscriber.onSubscribe(subscription);
          }

          @Override
          public void onNext(ByteBuffer item) {
            sent += item.remaining();
            subscriber.onNext(item);
            progress.uploaded(sent, size);
          }

          @Override
          public void onError(Throwable throwable) {
            subscriber.onError(throwable);
          }

          @Override
          public void onComplete() {
            subscriber.onComplete();
          }
        });
  }
}
