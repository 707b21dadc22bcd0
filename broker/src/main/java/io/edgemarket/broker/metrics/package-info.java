/**
 * The broker's Prometheus metrics: one registry, named meters, and the handful of recording calls
 * the rest of the broker makes. Kept in one place so metric names stay consistent.
 */
package io.edgemarket.broker.metrics;
