package io.edgemarket.model.http;

import io.edgemarket.model.Role;
import java.security.cert.X509Certificate;

/** An authenticated caller: who it is, what role its certificate grants, and the certificate. */
public record AuthenticatedCaller(String id, Role role, X509Certificate certificate) {}
