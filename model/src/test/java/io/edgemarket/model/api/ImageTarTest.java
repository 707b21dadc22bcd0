package io.edgemarket.model.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageTarTest {
  private static final byte[] MANIFEST =
      "[{\"Config\":\"c.json\",\"Layers\":[\"l/layer.tar\"]}]".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CONFIG = "{}".getBytes(StandardCharsets.UTF_8);

  @Test
  void aDockerSaveLayoutIsAnImageAndTheWholeArchiveIsRead() throws IOException {
    byte[] tar = image();
    ByteArrayInputStream in = new ByteArrayInputStream(concat(tar, "trailing".getBytes()));
    assertNull(ImageTar.problem(in, tar.length + 8));
    assertEquals(8, in.available(), "stops right after the end-of-archive blocks");
    assertNull(
        problem(
            tar(
                entries(
                    "l/layer.tar", new byte[10], "c.json", CONFIG, "./manifest.json", MANIFEST))));
  }

  @Test
  void aScanKeepsTheManifest() throws IOException {
    byte[] tar = image();
    ImageTar.Scan kept = ImageTar.scan(new ByteArrayInputStream(tar), tar.length);
    assertNull(kept.problem());
    assertArrayEquals(MANIFEST, kept.manifest());
  }

  @Test
  void anEntryLargerThanWhatIsLeftOfTheArchiveIsRefusedEvenWhereSkippingSeeks() throws IOException {
    byte[] tar = image();
    String problem = ImageTar.problem(new ByteArrayInputStream(tar), tar.length - 1024 - 512);
    assertTrue(problem.startsWith("entry \"manifest.json\" claims"), problem);
  }

  @Test
  void aPaxPathNamesTheNextEntry() throws IOException {
    byte[] pax = "22 path=manifest.json\n".getBytes(StandardCharsets.UTF_8);
    assertNull(
        problem(
            tar(
                entries(
                    "l/layer.tar", new byte[9], "c.json", CONFIG, "PaxHeader", pax, "x", MANIFEST),
                '0',
                '0',
                'x',
                '0')));
  }

  @Test
  void aGnuLongNameNamesTheNextEntry() throws IOException {
    byte[] longName = "manifest.json\0".getBytes(StandardCharsets.UTF_8);
    assertNull(
        problem(
            tar(
                entries(
                    "l/layer.tar",
                    new byte[9],
                    "c.json",
                    CONFIG,
                    "././@LongLink",
                    longName,
                    "x",
                    MANIFEST),
                '0',
                '0',
                'L',
                '0')));
  }

  @Test
  void aBase256SizeIsReadAndOneBeyondALongIsRefused() throws IOException {
    byte[] tar = image();
    Arrays.fill(tar, 124, 136, (byte) 0);
    tar[124] = (byte) 0x80; // GNU base-256: the other 11 bytes hold the size, big-endian
    tar[134] = (byte) (1500 >> 8);
    tar[135] = (byte) 1500;
    reseal(tar, 0);
    assertNull(problem(tar));
    Arrays.fill(tar, 125, 136, (byte) 0x7f);
    reseal(tar, 0);
    assertEquals("not a tar archive (bad entry size at offset 0)", problem(tar));
  }

  @Test
  void whatIsNotADockerSaveArchiveIsNamed() throws IOException {
    assertEquals(
        "a tar archive without manifest.json at its top level (not written by docker save)",
        problem(tar(entries("image/manifest.json", MANIFEST, "layer.tar", new byte[10]))));
    assertEquals("not a tar archive (empty)", problem(new byte[0]));
    byte[] garbage = new byte[2048];
    Arrays.fill(garbage, (byte) 'x');
    assertEquals("not a tar archive (bad header checksum at offset 0)", problem(garbage));
    byte[] whole = tar(entries("manifest.json", new byte[2000]));
    String cut = ImageTar.problem(new ByteArrayInputStream(Arrays.copyOf(whole, 1024)), 1L << 20);
    assertTrue(cut.contains("\"manifest.json\" is truncated"), cut);
    assertEquals("not a tar archive (truncated header)", problem(Arrays.copyOf(whole, 100)));
  }

  private static String problem(byte[] bytes) throws IOException {
    return ImageTar.problem(new ByteArrayInputStream(bytes), bytes.length);
  }

  /** A layer of 1500 bytes (no tar: not walked), its config and the manifest naming both. */
  private static byte[] image() {
    return tar(entries("l/layer.tar", new byte[1500], "c.json", CONFIG, "manifest.json", MANIFEST));
  }

  private static Map<String, byte[]> entries(Object... namesAndContents) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < namesAndContents.length; i += 2) {
      entries.put((String) namesAndContents[i], (byte[]) namesAndContents[i + 1]);
    }
    return entries;
  }

  private static byte[] tar(Map<String, byte[]> entries) {
    return tar(entries, new char[0]);
  }

  /** A ustar archive; {@code types} gives each entry's type flag ('0', a file, by default). */
  static byte[] tar(Map<String, byte[]> entries, char... types) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int index = 0;
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      byte[] header = new byte[512];
      ascii(header, 0, entry.getKey());
      ascii(header, 100, "0000644");
      ascii(header, 124, String.format("%011o", entry.getValue().length));
      ascii(header, 136, "00000000000");
      header[156] = (byte) (index < types.length ? types[index] : '0');
      ascii(header, 257, "ustar");
      ascii(header, 263, "00");
      reseal(header, 0);
      out.writeBytes(header);
      out.writeBytes(entry.getValue());
      out.writeBytes(new byte[(512 - entry.getValue().length % 512) % 512]);
      index++;
    }
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  /** Writes the checksum of the header at {@code at}, as tar does: six octal digits, NUL, space. */
  private static void reseal(byte[] tar, int at) {
    Arrays.fill(tar, at + 148, at + 156, (byte) ' ');
    int sum = 0;
    for (int i = at; i < at + 512; i++) {
      sum += tar[i] & 0xff;
    }
    ascii(tar, at + 148, String.format("%06o", sum));
    tar[at + 154] = 0;
  }

  private static void ascii(byte[] into, int at, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, into, at, bytes.length);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
