/**
 * The agent's end of the agent link: one WebSocket the agent dials out to its broker ({@code
 * /api/v1/agents/link}), authenticated both ways by a handshake over the participants' market
 * certificates, over which the broker sends invocations and the agent answers them and reports its
 * load, so that an agent behind NAT needs no inbound port. {@link
 * io.edgemarket.agent.link.BrokerLink} keeps the link up (reconnecting with exponential backoff and
 * jitter); {@link io.edgemarket.agent.link.LinkWork} is what runs the invocations that arrive.
 * Internal to the provider agent: public only for {@code io.edgemarket.agent}.
 */
package io.edgemarket.agent.link;
