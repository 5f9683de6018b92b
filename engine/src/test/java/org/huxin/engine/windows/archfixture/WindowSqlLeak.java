package org.huxin.engine.windows.archfixture;

import java.sql.Connection;
import java.sql.SQLException;

/** Breaks the layout on purpose: SQL in a class that is neither a store, queries nor a batch. */
public final class WindowSqlLeak {

  private WindowSqlLeak() {}

  public static boolean readOnly(Connection c) throws SQLException {
    return c.isReadOnly();
  }
}
