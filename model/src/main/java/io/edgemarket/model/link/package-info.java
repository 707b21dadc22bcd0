/**
 * The agent link: the one long-lived WebSocket a provider agent opens to the broker, over which the
 * broker sends invocations and the agent answers them and reports its load, so that the agent needs
 * no inbound port. Both ends compile against these definitions: the frames ({@link
 * io.edgemarket.model.link.LinkFrame}) and the mutual handshake ({@link
 * io.edgemarket.model.link.LinkHandshake}). The protocol is described in the broker's and the
 * provider agent's READMEs.
 */
package io.edgemarket.model.link;
