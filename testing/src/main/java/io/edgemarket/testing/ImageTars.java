package io.edgemarket.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small container image tars laid out as {@code docker save} writes them (manifest.json, a config,
 * a layer directory), written by a minimal ustar writer, so tests need no Docker. Our own writer
 * rather than a tar library: a test can then build exactly the archive a reader must refuse.
 */
public final class ImageTars {
  private ImageTars() {}

  /** A valid-looking image whose layer holds {@code payload} (vary it for distinct digests). */
  public static byte[] dockerSave(String payload) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("0123abcd/layer.tar", tar(Map.of("app/run.sh", utf8("#!/bin/sh\n" + payload))));
    entries.put("config.json", utf8("{\"config\":{\"Entrypoint\":[\"/app/run.sh\"]}}"));
    entries.put(
        "manifest.json",
        utf8("[{\"Config\":\"config.json\",\"RepoTags\":[],\"Layers\":[\"0123abcd/layer.tar\"]}]"));
    return tar(entries);
  }

  /** A ustar archive of regular files, in the map's order, ended by two zero blocks. */
  public static byte[] tar(Map<String, byte[]> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      out.writeBytes(header(entry.getKey(), entry.getValue().length));
      out.writeBytes(entry.getValue());
      out.writeBytes(new byte[(512 - entry.getValue().length % 512) % 512]);
    }
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  private static byte[] header(String name, int size) {
    byte[] header = new byte[512];
    ascii(header, 0, name);
    ascii(header, 100, "0000644");
    ascii(header, 108, "0000000");
    ascii(header, 116, "0000000");
    ascii(header, 124, String.format("%011o", size));
    ascii(header, 136, "00000000000");
    header[156] = '0';
    ascii(header, 257, "ustar");
    ascii(header, 263, "00");
    Arrays.fill(header, 148, 156, (byte) ' ');
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    ascii(header, 148, String.format("%06o", sum));
    header[154] = 0;
    return header;
  }

  private static void ascii(byte[] into, int at, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, into, at, bytes.length);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
