package io.edgemarket.broker.api;

import io.edgemarket.model.http.AuthenticatedCaller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Browser sessions of market participants, for the web UI. A participant proves who it is with a
 * signed request ({@code POST /api/v1/sessions}, signed by its key like every API call) and gets a
 * one-time sign-in link; opening it turns the link's token into a session cookie. No password
 * exists anywhere. Only SHA-256 hashes of tokens and session ids are kept, so a heap dump shows no
 * credential; both expire, the link's within two minutes and at its first use.
 */
final class Sessions {
  static final long LINK_TTL_MILLIS = 2 * 60_000;
  static final long SESSION_TTL_MILLIS = 8 * 3_600_000;

  /** Bounds memory against a participant minting links in a loop. */
  static final int MAX_ENTRIES = 10_000;

  /** A session or a pending sign-in link: whose it is, and until when. */
  record Entry(AuthenticatedCaller caller, long expiresAt) {}

  private final SecureRandom random = new SecureRandom();
  private final LongSupplier clock;
  private final Map<String, Entry> links = new ConcurrentHashMap<>();
  private final Map<String, Entry> sessions = new ConcurrentHashMap<>();

  Sessions(LongSupplier clock) {
    this.clock = clock;
  }

  /** A fresh one-time sign-in token for {@code caller}. */
  String link(AuthenticatedCaller caller) {
    sweep(links);
    String token = token();
    links.put(hash(token), new Entry(caller, clock.getAsLong() + LINK_TTL_MILLIS));
    return token;
  }

  /** Trades a sign-in token for a session id, once; null when unknown, used or expired. */
  String signIn(String token) {
    if (token == null || token.isEmpty() || token.length() > 128) {
      return null;
    }
    Entry link = links.remove(hash(token));
    if (link == null || link.expiresAt() <= clock.getAsLong()) {
      return null;
    }
    sweep(sessions);
    String session = token();
    sessions.put(hash(session), new Entry(link.caller(), clock.getAsLong() + SESSION_TTL_MILLIS));
    return session;
  }

  /** The session's entry, or null when unknown or expired. */
  Entry session(String sessionId) {
    if (sessionId == null || sessionId.isEmpty() || sessionId.length() > 128) {
      return null;
    }
    Entry entry = sessions.get(hash(sessionId));
    if (entry == null || entry.expiresAt() <= clock.getAsLong()) {
      return null;
    }
    return entry;
  }

  void signOut(String sessionId) {
    if (sessionId != null && sessionId.length() <= 128) {
      sessions.remove(hash(sessionId));
    }
  }

  private void sweep(Map<String, Entry> entries) {
    long now = clock.getAsLong();
    entries.values().removeIf(entry -> entry.expiresAt() <= now);
    // Still full of live entries: some go, whichever the map yields first (all are valid alike).
    Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
    while (entries.size() >= MAX_ENTRIES && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
  }

  private String token() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String hash(String secret) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
