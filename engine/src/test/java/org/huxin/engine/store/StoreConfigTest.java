package org.huxin.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

  private static final Path HOME = Path.of("/var/lib/huxin");

  @Test
  void fromEnv_noUrlMeansEmbeddedWithDefaults() {
    StoreConfig config = StoreConfig.fromEnv(Map.of(), HOME);

    assertTrue(config.embedded());
    assertEquals(HOME.resolve("pgdata"), config.embeddedDataDir());
    assertEquals(54329, config.embeddedPort());
    assertEquals(4, config.poolSize());
  }

  @Test
  void fromEnv_portAndPool() {
    StoreConfig config =
        StoreConfig.fromEnv(Map.of("HUXIN_PG_PORT", "6000", "HUXIN_PG_JDBC_POOL", "20"), HOME);

    assertEquals(6000, config.embeddedPort());
    assertEquals(20, config.poolSize());
  }

  @Test
  void fromEnv_jdbcUrl() {
    StoreConfig config =
        StoreConfig.fromEnv(
            Map.of(
                "PG_URL", "jdbc:postgresql://db:5432/huxin",
                "PG_USER", "app",
                "PG_PASSWORD", "s3cret"),
            HOME);

    assertFalse(config.embedded());
    assertEquals("jdbc:postgresql://db:5432/huxin", config.jdbcUrl());
    assertEquals("app", config.user());
    assertEquals("s3cret", config.password());
  }

  @Test
  void fromEnv_postgresUrlConverted() {
    StoreConfig config =
        StoreConfig.fromEnv(
            Map.of("PG_URL", "postgres://app:p%40ss@db.example:6432/huxin?sslmode=require"), HOME);

    assertEquals("jdbc:postgresql://db.example:6432/huxin?sslmode=require", config.jdbcUrl());
    assertEquals("app", config.user());
    assertEquals("p@ss", config.password());
  }

  @Test
  void fromEnv_explicitUserWinsOverUrl() {
    StoreConfig config =
        StoreConfig.fromEnv(
            Map.of("PG_URL", "postgresql://app:pw@db/huxin", "PG_USER", "other"), HOME);

    assertEquals("jdbc:postgresql://db/huxin", config.jdbcUrl());
    assertEquals("other", config.user());
    assertEquals("pw", config.password());
  }

  @Test
  void fromEnv_postgresUrlWithoutCredentials() {
    StoreConfig config = StoreConfig.fromEnv(Map.of("PG_URL", "postgres://db:5432/huxin"), HOME);

    assertNull(config.user());
    assertNull(config.password());
  }

  @Test
  void fromEnv_blankUrlMeansEmbedded() {
    assertTrue(StoreConfig.fromEnv(Map.of("PG_URL", "  "), HOME).embedded());
  }

  @Test
  void fromEnv_badPort() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> StoreConfig.fromEnv(Map.of("HUXIN_PG_PORT", "eight"), HOME));

    assertTrue(e.getMessage().contains("HUXIN_PG_PORT"), e.getMessage());
  }

  @Test
  void fromEnv_portOutOfRange() {
    assertThrows(
        IllegalArgumentException.class,
        () -> StoreConfig.fromEnv(Map.of("HUXIN_PG_PORT", "70000"), HOME));
  }

  @Test
  void fromEnv_otherScheme() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> StoreConfig.fromEnv(Map.of("PG_URL", "mysql://u:secret@db/x"), HOME));

    assertFalse(e.getMessage().contains("secret"), e.getMessage());
  }

  @Test
  void toString_hidesPassword() {
    StoreConfig config =
        StoreConfig.fromEnv(
            Map.of("PG_URL", "jdbc:postgresql://db/huxin?password=hunter2", "PG_PASSWORD", "pw"),
            HOME);

    assertFalse(config.toString().contains("hunter2"), config.toString());
    assertFalse(config.toString().contains("pw,"), config.toString());
  }
}
