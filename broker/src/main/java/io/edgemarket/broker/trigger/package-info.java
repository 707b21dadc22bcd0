/**
 * Runs nobody signs a ticket for (issue 12, docs/triggers.md): the grants naming this broker, kept
 * from the ledger ({@link io.edgemarket.broker.trigger.GrantFeed}), and the HTTP routes they open
 * ({@link io.edgemarket.broker.trigger.RouteService}), the schedules they set ({@link
 * io.edgemarket.broker.trigger.CronTriggers}) and the MQTT topics they listen on ({@link
 * io.edgemarket.broker.trigger.MqttTriggers}), each firing run as an invocation under its grant.
 */
package io.edgemarket.broker.trigger;
