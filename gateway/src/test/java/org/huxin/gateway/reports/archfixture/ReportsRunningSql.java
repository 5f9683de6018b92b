package org.huxin.gateway.reports.archfixture;

import java.sql.Connection;
import java.sql.SQLException;

/** Breaks the layout on purpose: a handler-side class talking to the driver itself. */
public final class ReportsRunningSql {

  private ReportsRunningSql() {}

  public static boolean readOnly(Connection c) throws SQLException {
    return c.isReadOnly();
  }
}
