package org.huxin.engine.alerts.archfixture;

import java.sql.Connection;
import java.sql.SQLException;

/** Breaks the rule on purpose: JDBC in an alert class that is not a store. */
public final class AlertSqlLeak {

  private AlertSqlLeak() {}

  public static boolean readOnly(Connection c) throws SQLException {
    return c.isReadOnly();
  }
}
