/**
 * The standalone agent's command line, {@code bin/edgemarket-agent} ({@link
 * io.edgemarket.agent.cli.AgentMain}): {@code start} runs a provider agent, {@code enroll} turns a
 * one-time token into an identity. The options of {@code start} are {@link
 * io.edgemarket.agent.cli.StartOptions}, a picocli mixin that {@code ./edgemarket provider start}
 * uses too, so the two commands take the same options with the same defaults and print the same
 * lines ({@link io.edgemarket.agent.cli.AgentRun}). Here, unlike in {@code ./edgemarket}, every
 * option may also come from an {@code EDGEMARKET_*} environment variable or a {@code --config} file
 * ({@link io.edgemarket.agent.cli.AgentDefaults}).
 */
package io.edgemarket.agent.cli;
