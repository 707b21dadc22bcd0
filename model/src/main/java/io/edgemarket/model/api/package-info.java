/**
 * Bodies of the market's HTTP APIs (consumer to broker, broker to provider agent), shared so that
 * both ends of each call compile against one definition. Byte arrays travel as base64 in JSON. The
 * endpoints themselves are described in docs/http-api.md and the broker's OpenAPI document. Also
 * what every end checks the same way: {@link io.edgemarket.model.api.Limits} and {@link
 * io.edgemarket.model.api.ImageTar}.
 */
package io.edgemarket.model.api;
