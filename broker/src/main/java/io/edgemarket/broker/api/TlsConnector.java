package io.edgemarket.broker.api;

import io.edgemarket.model.crypto.ServerCredentials;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.http.Tls;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The broker's HTTPS connector, in place of Javalin's plain one: the port speaks only TLS 1.2 or
 * 1.3, so a plain HTTP request to it gets no HTTP answer. Clients may present a certificate of the
 * market (for links that authenticate with one) but need not: requests are authenticated by their
 * signatures, and a certificate from another CA is refused at the handshake.
 */
final class TlsConnector {
  private TlsConnector() {}

  static ServerConnector create(
      Server server,
      HttpConfiguration base,
      ServerCredentials credentials,
      TrustRoots clients,
      String host,
      int port) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setSslContext(Tls.serverContext(credentials, clients.certificates()));
    ssl.setIncludeProtocols(Tls.PROTOCOLS.toArray(new String[0]));
    ssl.setWantClientAuth(true);
    ssl.setNeedClientAuth(false);
    HttpConfiguration https = new HttpConfiguration(base);
    https.setSecureScheme("https");
    // Clients check the host name against the certificate; a name the certificate does not list
    // (an operator's DNS alias, a NAT's address) is the client's call, not a reason for a 400 here.
    https.addCustomizer(new SecureRequestCustomizer(false));
    ServerConnector connector =
        new ServerConnector(
            server,
            new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
            new HttpConnectionFactory(https));
    connector.setHost(host);
    connector.setPort(port);
    return connector;
  }
}
