package org.huxin.gateway.http;

import io.netty.util.NetUtil;
import io.vertx.core.Handler;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The real client address of a request, the one every per-address rule counts under. The TCP peer,
 * unless that peer is a {@link TrustedProxies trusted proxy}: then {@code X-Forwarded-For} is read
 * from the right, skipping further trusted hops, and the first address not trusted is the client
 * (what nginx's {@code real_ip_recursive} does). A client may write anything into the header it
 * sends, but the proxy appends the address it saw, so only the entries right of that one are
 * believed. A malformed entry stops the walk at the last trusted hop; a port after an address (some
 * cloud load balancers write one) is dropped.
 */
public final class ClientAddress {
  private static final String KEY = "huxin.client";

  private ClientAddress() {}

  /** Resolves the client address once per request; mount first, before any limit. */
  public static Handler<RoutingContext> resolver(TrustedProxies trusted) {
    return ctx -> {
      SocketAddress peer = ctx.request().connection().remoteAddress();
      String peerAddress = peer == null ? null : peer.hostAddress();
      ctx.put(
          KEY, resolve(peerAddress, ctx.request().headers().getAll("X-Forwarded-For"), trusted));
      ctx.next();
    };
  }

  /** The client address of {@code ctx} (the TCP peer when no resolver ran). */
  public static String of(RoutingContext ctx) {
    String address = ctx.get(KEY);
    if (address != null) {
      return address;
    }
    SocketAddress peer = ctx.request().connection().remoteAddress();
    return peer == null || peer.hostAddress() == null ? "unknown" : peer.hostAddress();
  }

  /**
   * The client behind {@code peer} given the {@code X-Forwarded-For} header lines, in the order
   * received.
   */
  static String resolve(String peer, List<String> forwardedFor, TrustedProxies trusted) {
    String client = peer == null ? "unknown" : canonical(peer);
    if (peer == null || !trusted.contains(peer) || forwardedFor.isEmpty()) {
      return client;
    }
    for (int line = forwardedFor.size() - 1; line >= 0; line--) {
      String[] hops = forwardedFor.get(line).split(",");
      for (int i = hops.length - 1; i >= 0; i--) {
        String hop = withoutPort(hops[i].trim());
        if (TrustedProxies.bytes(hop) == null) {
          return client;
        }
        client = canonical(hop);
        if (!trusted.contains(hop)) {
          return client;
        }
      }
    }
    return client;
  }

  /**
   * A hop without the port some load balancers append: {@code 192.0.2.1:5678} and {@code
   * [2001:db8::1]:5678}; a bare IPv6 address is left as it is.
   */
  static String withoutPort(String hop) {
    if (hop.startsWith("[")) {
      int close = hop.indexOf(']');
      return close < 0 ? hop : hop.substring(1, close);
    }
    int colon = hop.indexOf(':');
    if (colon > 0 && colon == hop.lastIndexOf(':')) {
      return hop.substring(0, colon);
    }
    return hop;
  }

  /**
   * The key per-address limits count under: the address itself for IPv4, its /64 network for IPv6
   * (one household or school network is handed a whole /64, so single IPv6 addresses are free to
   * rotate).
   */
  public static String limitKey(String address) {
    byte[] bytes = TrustedProxies.bytes(address);
    if (bytes == null || bytes.length == 4) {
      return bytes == null ? address : NetUtil.bytesToIpAddress(bytes);
    }
    for (int i = 8; i < 16; i++) {
      bytes[i] = 0;
    }
    return NetUtil.bytesToIpAddress(bytes) + "/64";
  }

  /** One spelling per address, so that {@code ::1} and {@code 0:0::1} count together. */
  private static String canonical(String address) {
    byte[] bytes = TrustedProxies.bytes(address);
    return bytes == null ? address : NetUtil.bytesToIpAddress(bytes);
  }
}
