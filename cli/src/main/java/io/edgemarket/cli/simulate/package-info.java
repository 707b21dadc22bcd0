/**
 * {@code edgemarket simulate} (issue 13): the real broker, embedded ledger with the real chaincode,
 * and settlement of a {@link io.edgemarket.cli.market.LocalMarket}, against many simulated
 * providers and consumers in one process.
 *
 * <p>Each simulated provider is a real participant: its own identity from the market CA,
 * registered, funded and staked on the ledger, one offer published there, and the provider agent's
 * own {@link io.edgemarket.agent.link.BrokerLink} (handshake, signatures, frames, reconnects) to
 * the broker. Only the sandbox is simulated ({@link SimWork}): it answers after a service time
 * drawn from the provider's profile with the output the sample {@code upper} function gives, or,
 * for a liar, another one, and signs the receipt as the agent does. So the broker's placement,
 * checks, redundant runs, disputes and settlement are the real ones; the simulator knows the truth
 * ({@link Truth}) and so can count the lies that reached a consumer unnoticed. The links share one
 * HTTP client and one heartbeat scheduler ({@link Fleet}), which is what lets a 2-core machine hold
 * a thousand of them. Consumers are real SDK clients ({@link ConsumerLoad}).
 *
 * <p>{@code --placement-only} measures the broker's offer book and matcher alone at many offers (as
 * the benchmarks' MatchBench does): what the full simulation cannot reach on one machine.
 */
package io.edgemarket.cli.simulate;
