package org.huxin.engine.store.archfixture;

import javax.sql.DataSource;
import org.huxin.engine.windows.WindowStore;

/** Breaks the layout on purpose: the ground floor reaching up into a feature. */
public final class StoreReachingAFeature {

  private StoreReachingAFeature() {}

  public static Object windows(DataSource dataSource) {
    return new WindowStore(dataSource);
  }
}
