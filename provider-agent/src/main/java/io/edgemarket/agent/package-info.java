/**
 * The provider agent: the process a provider runs to sell its machine's idle capacity on the
 * market.
 *
 * <p>{@link io.edgemarket.agent.ProviderAgent} is the entry point, configured through {@link
 * io.edgemarket.agent.ProviderAgentBuilder}; {@link io.edgemarket.agent.CapacityProbe} says how
 * much of the machine is idle. Everything else here is package-private:
 *
 * <ul>
 *   <li>market presence: {@code OfferKeeper} (registration, the offer on the ledger, kept within
 *       what is idle and the operator's share, refreshed on a 10% change and at half its life,
 *       withdrawn on close) and {@code MarketPresence} (the heartbeat ticks);
 *   <li>serving: {@code AgentServer} (Javalin routes and error bodies), {@code InvokeHandler}
 *       ({@code POST /invoke}, brokers only, via {@code BrokerAuth}), {@code StatusHandlers}
 *       ({@code /health}, {@code /metrics});
 *   <li>running: {@code InvocationRunner} (admit, take a slot, fetch code, run, sign), {@code
 *       InvocationPolicy} (checks and limits, including the fuel cap that keeps every amount within
 *       the ticket's maxPrice), {@code Slots} (concurrency and draining), {@code ModuleStore} (code
 *       by digest: memory, disk, broker), {@code SequenceCounter} (receipt numbers that never
 *       repeat across restarts).
 * </ul>
 *
 * <p>Charging rule: a function that fails (trap, deadline, memory, fuel) is paid for what it was
 * metered, like any invocation, and gets a signed receipt; anything that goes wrong on the agent's
 * side gets no receipt, so the consumer pays nothing. Functions run in {@link
 * io.edgemarket.agent.sandbox}.
 */
package io.edgemarket.agent;
