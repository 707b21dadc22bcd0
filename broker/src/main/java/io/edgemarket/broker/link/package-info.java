/**
 * The broker's end of the agent link: provider agents dial out to {@code /api/v1/agents/link} (a
 * WebSocket), prove their identity in a mutual handshake, then take invocations and send heartbeats
 * over that one connection ({@code LinkEndpoint}, {@code LinkSession}). {@link
 * io.edgemarket.broker.link.AgentLinks} is what the rest of the broker sees: which providers are
 * linked, and one invocation sent down a link with its {@link io.edgemarket.broker.link.LinkReply}.
 */
package io.edgemarket.broker.link;
