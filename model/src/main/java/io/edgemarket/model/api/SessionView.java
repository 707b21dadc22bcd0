package io.edgemarket.model.api;

/**
 * Who the web UI is signed in as ({@code GET /api/v1/session}): the participant and its role, and
 * when the session ends (null when the request was signed rather than sent with a session cookie).
 */
public record SessionView(String participantId, String role, Long expiresAt) {}
