/**
 * The broker's HTTP API (docs/http-api.md is the contract; {@code openapi.json} describes it). One
 * route table ({@code Routes}) lists every route with who may call it and how large its body may
 * be; one before-handler authenticates signed requests against that table; handlers are grouped by
 * resource and stay thin, delegating to the services in the sibling packages.
 */
package io.edgemarket.broker.api;
