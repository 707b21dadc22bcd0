package io.edgemarket.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A ustar writer that writes whatever it is told, including what no honest writer would: any type
 * flag, a declared size other than the content's, names no header field can hold (as a pax {@code
 * path} record), raw pax records. For building archives a reader must refuse.
 */
public final class TarWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public TarWriter file(String name, byte[] content) {
    return entry(name, '0', "", content, content.length);
  }

  public TarWriter file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  public TarWriter directory(String name) {
    return entry(name, '5', "", new byte[0], 0);
  }

  public TarWriter symlink(String name, String target) {
    return entry(name, '2', target, new byte[0], 0);
  }

  public TarWriter hardLink(String name, String target) {
    return entry(name, '1', target, new byte[0], 0);
  }

  /**
   * One entry of type {@code type} whose header declares {@code declaredSize} bytes and which is
   * followed by {@code content}, padded to a block. A name that does not fit the header's 100
   * bytes, or holds a NUL, goes into a pax header before it.
   */
  public TarWriter entry(String name, char type, String link, byte[] content, long declaredSize) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    if (nameBytes.length > 100 || name.indexOf('\0') >= 0) {
      pax("path=" + name);
      name = "PaxNamed";
    }
    out.writeBytes(header(name, type, link, declaredSize));
    out.writeBytes(content);
    out.writeBytes(new byte[(512 - content.length % 512) % 512]);
    return this;
  }

  /** A pax extended header of {@code key=value} records, each framed with its length. */
  public TarWriter pax(String... records) {
    StringBuilder body = new StringBuilder();
    for (String record : records) {
      body.append(paxRecord(record));
    }
    return paxRaw(body.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** A pax extended header holding exactly {@code content}, framed or not. */
  public TarWriter paxRaw(byte[] content) {
    out.writeBytes(header("PaxHeader", 'x', "", content.length));
    out.writeBytes(content);
    out.writeBytes(new byte[(512 - content.length % 512) % 512]);
    return this;
  }

  /** The archive, ended by two zero blocks. */
  public byte[] finish() {
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  private static String paxRecord(String keyValue) {
    int length = keyValue.getBytes(StandardCharsets.UTF_8).length + 2; // space and newline
    int digits = String.valueOf(length).length();
    int total = length + digits;
    if (String.valueOf(total).length() > digits) {
      total++;
    }
    return total + " " + keyValue + "\n";
  }

  private static byte[] header(String name, char type, String link, long size) {
    byte[] header = new byte[512];
    put(header, 0, name, 100);
    ascii(header, 100, "0000644");
    ascii(header, 108, "0000000");
    ascii(header, 116, "0000000");
    ascii(header, 124, String.format("%011o", size));
    ascii(header, 136, "00000000000");
    header[156] = (byte) type;
    put(header, 157, link, 100);
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

  private static void put(byte[] into, int at, String text, int max) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(bytes, 0, into, at, Math.min(bytes.length, max));
  }

  private static void ascii(byte[] into, int at, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, into, at, bytes.length);
  }
}
