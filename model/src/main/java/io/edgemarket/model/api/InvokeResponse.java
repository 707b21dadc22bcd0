package io.edgemarket.model.api;

import io.edgemarket.model.Receipt;

/** A provider agent's answer: status OK or FUNCTION_ERROR, output, error text, signed receipt. */
public record InvokeResponse(String status, byte[] output, String error, Receipt receipt) {}
