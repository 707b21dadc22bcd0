package io.edgemarket.ledger.embedded;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.edgemarket.model.crypto.Crypto;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The block log's line format: {@code {"block":{...},"hash":"...","signature":"..."}} and a
 * newline. A block's hash covers the exact bytes of its {@code block} object as they sit in the
 * file, not a re-encoding of the parsed block: every changed byte is then evident, and no change of
 * JSON library or settings can ever make a genuine log stop verifying.
 */
final class LogCodec {
  /** The previous hash of block 0. */
  static final String NO_PREVIOUS = "0".repeat(64);

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private LogCodec() {}

  /** A sealed block together with the bytes of its block object, which the hash covers. */
  record Encoded(LogRecords.Sealed sealed, byte[] blockJson) {
    byte[] line() {
      ByteArrayOutputStream out = new ByteArrayOutputStream(blockJson.length + 256);
      out.writeBytes("{\"block\":".getBytes(StandardCharsets.UTF_8));
      out.writeBytes(blockJson);
      String tail =
          ",\"hash\":\"" + sealed.hash() + "\",\"signature\":\"" + sealed.signature() + "\"}\n";
      out.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
      return out.toByteArray();
    }
  }

  static byte[] blockJson(LogRecords.Block block) {
    try {
      return MAPPER.writeValueAsBytes(block);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot encode block " + block.number(), e);
    }
  }

  /** SHA-256 over the previous block's hash and this block's JSON bytes. */
  static String hash(String prevHash, byte[] blockJson) {
    return Crypto.sha256Hex(Crypto.unhex(prevHash), blockJson);
  }

  /** Parses one line (without its newline); throws IOException saying what is wrong. */
  static Encoded parse(byte[] line) throws IOException {
    try (JsonParser parser = MAPPER.getFactory().createParser(line)) {
      expect(parser, JsonToken.START_OBJECT, null);
      expect(parser, JsonToken.FIELD_NAME, "block");
      expect(parser, JsonToken.START_OBJECT, null);
      int start = (int) parser.currentTokenLocation().getByteOffset();
      parser.skipChildren();
      int end = (int) parser.currentTokenLocation().getByteOffset() + 1;
      expect(parser, JsonToken.FIELD_NAME, "hash");
      String hash = expect(parser, JsonToken.VALUE_STRING, null);
      expect(parser, JsonToken.FIELD_NAME, "signature");
      String signature = expect(parser, JsonToken.VALUE_STRING, null);
      expect(parser, JsonToken.END_OBJECT, null);
      if (parser.nextToken() != null) {
        throw new IOException("unexpected content after the record");
      }
      byte[] blockJson = Arrays.copyOfRange(line, start, end);
      LogRecords.Block block = MAPPER.readValue(blockJson, LogRecords.Block.class);
      return new Encoded(new LogRecords.Sealed(block, hash, signature), blockJson);
    }
  }

  static String base64(byte[] bytes) {
    return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
  }

  static byte[] unbase64(String text) {
    return text == null ? null : Base64.getDecoder().decode(text);
  }

  private static String expect(JsonParser parser, JsonToken token, String name) throws IOException {
    if (parser.nextToken() != token || (name != null && !name.equals(parser.currentName()))) {
      throw new IOException(
          "expected "
              + (name == null ? token : "\"" + name + "\"")
              + " at "
              + parser.currentLocation().getByteOffset());
    }
    return token == JsonToken.VALUE_STRING ? parser.getText() : null;
  }
}
