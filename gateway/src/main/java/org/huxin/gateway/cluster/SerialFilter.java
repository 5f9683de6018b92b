package org.huxin.gateway.cluster;

import java.io.ObjectInputFilter;

/**
 * The Java deserialization filter of a gateway process. Java serialization reaches a node from the
 * cluster network (Hazelcast falls back to it for values and entry processors that are not its own
 * formats), and that network has no member authentication, so only classes the gateway's own
 * cluster traffic needs may be read: its own entry processors, Hazelcast's and Vert.x's classes,
 * and the JDK's value types and collections; everything else is refused before it is built, as are
 * deep or huge graphs. {@link Cluster} gives Hazelcast the same list.
 */
public final class SerialFilter {
  /** Packages whose classes may be read, as {@code jdk.serialFilter} patterns. */
  static final String[] ALLOWED = {
    "org.huxin.**",
    "com.hazelcast.**",
    "io.vertx.**",
    "java.lang.*",
    "java.util.*",
    "java.time.*",
    "java.math.*",
    "java.net.*",
  };

  /** The whole filter: limits, the allowed packages, and everything else refused. */
  public static final String PATTERN =
      "maxdepth=32;maxrefs=100000;maxarray=16777216;" + String.join(";", ALLOWED) + ";!*";

  private SerialFilter() {}

  /** The filter as an object, for a single stream or a test. */
  public static ObjectInputFilter filter() {
    return ObjectInputFilter.Config.createFilter(PATTERN);
  }

  /**
   * Makes the filter the process-wide one, unless {@code -Djdk.serialFilter} set one already (then
   * that one stays: an operator's choice wins). Call first thing in {@code main}.
   *
   * @return whether this filter is the one in force
   */
  public static boolean install() {
    if (ObjectInputFilter.Config.getSerialFilter() != null) {
      return false;
    }
    ObjectInputFilter.Config.setSerialFilter(filter());
    return true;
  }
}
