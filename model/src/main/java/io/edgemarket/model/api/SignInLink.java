package io.edgemarket.model.api;

/**
 * A one-time link that signs a browser in to the web UI as the participant whose signed request
 * asked for it ({@code POST /api/v1/sessions}): {@code url} as the broker saw itself addressed,
 * {@code path} to put after any other address of the same broker; void after its first use or
 * {@code expiresAt} (milliseconds since the epoch).
 */
public record SignInLink(String url, String path, long expiresAt) {}
