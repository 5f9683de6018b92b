package org.huxin.engine.scoring.archfixture;

import java.sql.Connection;
import java.sql.SQLException;

/** Reads from a JDBC connection: what scoring must never do. */
public final class SqlLeak {

  private SqlLeak() {}

  /** Touches JDBC so the class depends on {@code java.sql}. */
  public static boolean readOnly(Connection connection) throws SQLException {
    return connection.isReadOnly();
  }
}
