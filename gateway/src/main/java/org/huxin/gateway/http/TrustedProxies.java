package org.huxin.gateway.http;

import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The peers whose {@code X-Forwarded-For} is believed ({@code HUXIN_TRUSTED_PROXIES}: a comma list
 * of CIDR blocks or single addresses, IPv4 or IPv6). Empty by default: a node reached directly
 * believes no header, so nobody can choose the address their limits are counted under.
 *
 * <p>Addresses are parsed with Netty's literal parser, never {@code InetAddress.getByName}, so a
 * header value can never trigger a DNS lookup.
 */
public final class TrustedProxies {
  private static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<Block> blocks;

  private TrustedProxies(List<Block> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  /** No trusted proxies. */
  public static TrustedProxies none() {
    return NONE;
  }

  /**
   * Parses {@code HUXIN_TRUSTED_PROXIES}.
   *
   * @throws IllegalArgumentException naming the entry that is not an address or CIDR block
   */
  public static TrustedProxies parse(String list) {
    if (list == null || list.isBlank()) {
      return NONE;
    }
    List<Block> blocks = new ArrayList<>();
    for (String raw : list.split(",")) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int slash = entry.indexOf('/');
      byte[] address = bytes(slash < 0 ? entry : entry.substring(0, slash));
      if (address == null) {
        throw new IllegalArgumentException(
            "HUXIN_TRUSTED_PROXIES: '" + entry + "' is not an IP address or CIDR block");
      }
      int bits = address.length * 8;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
          bits = -1;
        }
        if (bits < 0 || bits > address.length * 8) {
          throw new IllegalArgumentException(
              "HUXIN_TRUSTED_PROXIES: '" + entry + "' has a prefix length out of range");
        }
      }
      blocks.add(new Block(address, bits));
    }
    return new TrustedProxies(blocks);
  }

  /** Whether {@code address} (a literal) lies in a trusted block; false for anything unparsable. */
  public boolean contains(String address) {
    if (blocks.isEmpty()) {
      return false;
    }
    byte[] bytes = bytes(address);
    if (bytes == null) {
      return false;
    }
    for (Block b : blocks) {
      if (b.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  public boolean isEmpty() {
    return blocks.isEmpty();
  }

  /**
   * The address bytes of an IP literal (4 for IPv4, also for an IPv4-mapped IPv6 address; 16 for
   * IPv6), or null when {@code text} is not one. A zone ({@code %eth0}) is ignored.
   */
  static byte[] bytes(String text) {
    if (text == null) {
      return null;
    }
    String s = text.trim();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    int zone = s.indexOf('%');
    if (zone >= 0) {
      s = s.substring(0, zone);
    }
    if (s.isEmpty() || s.length() > 45) {
      return null;
    }
    byte[] b = NetUtil.createByteArrayFromIpAddressString(s);
    if (b == null) {
      return null;
    }
    if (b.length == 16 && isIpv4Mapped(b)) {
      return Arrays.copyOfRange(b, 12, 16);
    }
    return b;
  }

  private static boolean isIpv4Mapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  private record Block(byte[] address, int bits) {
    boolean contains(byte[] candidate) {
      if (candidate.length != address.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (candidate[i] != address[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (candidate[full] & mask) == (address[full] & mask);
    }
  }
}
