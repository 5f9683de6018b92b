package org.huxin.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Staff sign-in throttling on this node, decided before any password is hashed, so a flood costs a
 * map lookup per attempt and never fills the Argon2 pool ({@code staff.PasswordChecks}). Every
 * attempt admitted counts when it is admitted (so a burst of parallel attempts takes one slot); a
 * right password refunds its own and forgives the username's count.
 *
 * <ul>
 *   <li><b>Per username, a back-off, never a lock.</b> The first {@link #USERNAME_FREE} wrong
 *       passwords cost nothing; after them each attempt must wait 1, 2, 4 … s after the previous
 *       wrong one, at most {@link #USERNAME_MAX_DELAY}. Wrong passwords are forgotten one per
 *       {@link #USERNAME_LEAK}. So whoever floods a username from any number of addresses gets at
 *       most one password checked per minute (60 an hour per node), and its holder is kept waiting
 *       at most a minute; a browser that signed in to the account before (its device cookie) is not
 *       kept waiting at all.
 *   <li><b>Per address</b> (the real client address, IPv6 per /64), a leaky bucket: {@link
 *       #ADDRESS_BURST} wrong passwords at once, then one per {@link #ADDRESS_LEAK} (10 a minute),
 *       whatever usernames they name. A school office behind one NAT address needs twenty typos in
 *       a row to notice it.
 * </ul>
 *
 * And while password checks are queueing (a flood is on), at most {@link #ADDRESS_IN_FLIGHT}
 * attempts of one address and one of one username are checked at a time, so neither can fill the
 * line that other staff wait in; without a queue, fifty consoles signing in at once from one office
 * (or one load generator) are not held back.
 *
 * <p>Both ledgers hold at most {@link #MAX_KEYS} keys: entries that have leaked empty go first. The
 * clock is injected. Used from any event loop; every method holds this object's lock for a few map
 * operations.
 */
public final class SignInThrottle {
  static final int USERNAME_FREE = 5;
  static final Duration USERNAME_MAX_DELAY = Duration.ofSeconds(60);
  static final Duration USERNAME_LEAK = Duration.ofMinutes(5);
  static final int ADDRESS_BURST = 20;
  static final Duration ADDRESS_LEAK = Duration.ofSeconds(6);
  static final int ADDRESS_IN_FLIGHT = 2;
  static final int MAX_KEYS = 50_000;

  /** Whether an attempt may go on to the password check, and if not for how long to wait. */
  public record Verdict(boolean allowed, long retryAfterSeconds, String why, boolean firstRefusal) {
    static final Verdict ALLOWED = new Verdict(true, 0, null, false);
  }

  /** Attempts of one key, leaking away with time, and how many are being checked now. */
  private static final class Level {
    double level;
    Instant updated;
    Instant lastAttempt;
    int inFlight;
    boolean refusing;

    Level(Instant now) {
      this.updated = now;
      this.lastAttempt = now;
    }

    /** The level now, after leaking one per {@code leak} since the last update. */
    double at(Instant now, Duration leak) {
      double leaked = Duration.between(updated, now).toMillis() / (double) leak.toMillis();
      return Math.max(0, level - Math.max(0, leaked));
    }

    void add(Instant now, Duration leak, double amount) {
      level = Math.max(0, at(now, leak) + amount);
      updated = now;
      if (amount > 0) {
        lastAttempt = now;
      }
    }

    Verdict refuse(long wait, String why) {
      boolean first = !refusing;
      refusing = true;
      return new Verdict(false, Math.max(1, wait), why, first);
    }
  }

  private final Clock clock;
  private final Map<String, Level> usernames = new LinkedHashMap<>();
  private final Map<String, Level> addresses = new LinkedHashMap<>();

  SignInThrottle(Clock clock) {
    this.clock = clock;
  }

  /**
   * Whether a sign-in of {@code username} from {@code address} may have its password checked;
   * {@code knownDevice} (a device cookie of that username) skips the username's back-off and
   * in-flight limit; {@code contended} (password checks are queueing) turns the in-flight limits
   * on. An admitted attempt counts at once; call {@link #finished} when its check is over, whatever
   * its outcome.
   */
  public synchronized Verdict admit(
      String address, String username, boolean knownDevice, boolean contended) {
    Instant now = clock.instant();
    Level byAddress = entry(addresses, address, now, ADDRESS_LEAK);
    double addressLevel = byAddress.at(now, ADDRESS_LEAK);
    if (addressLevel >= ADDRESS_BURST) {
      long wait = (long) Math.ceil((addressLevel - ADDRESS_BURST + 1) * ADDRESS_LEAK.toSeconds());
      return byAddress.refuse(wait, "too many wrong passwords from this address");
    }
    if (contended && byAddress.inFlight >= ADDRESS_IN_FLIGHT) {
      return byAddress.refuse(1, "sign-ins from this address are being checked");
    }
    Level byName = null;
    if (!knownDevice) {
      byName = entry(usernames, username, now, USERNAME_LEAK);
      Instant next = byName.lastAttempt.plus(delay(byName.at(now, USERNAME_LEAK)));
      if (byName.level > 0 && now.isBefore(next)) {
        long wait = (long) Math.ceil(Duration.between(now, next).toMillis() / 1000.0);
        return byName.refuse(wait, "back-off after wrong passwords for this username");
      }
      if (contended && byName.inFlight >= 1) {
        return byName.refuse(1, "a sign-in of this username is being checked");
      }
      byName.refusing = false;
      byName.inFlight++;
      byName.add(now, USERNAME_LEAK, 1);
    }
    byAddress.refusing = false;
    byAddress.inFlight++;
    byAddress.add(now, ADDRESS_LEAK, 1);
    return Verdict.ALLOWED;
  }

  /**
   * The check of an admitted attempt is over. A right password ({@code ok}) refunds the attempt to
   * the address, and unless it came from a known device (which the username count never held back)
   * forgives the username's count.
   */
  public synchronized void finished(
      String address, String username, boolean knownDevice, boolean ok) {
    Instant now = clock.instant();
    Level byAddress = addresses.get(address);
    if (byAddress != null) {
      byAddress.inFlight = Math.max(0, byAddress.inFlight - 1);
      if (ok) {
        byAddress.add(now, ADDRESS_LEAK, -1);
      }
    }
    if (!knownDevice) {
      Level byName = usernames.get(username);
      if (byName != null) {
        byName.inFlight = Math.max(0, byName.inFlight - 1);
        if (ok) {
          usernames.remove(username);
        }
      }
    }
  }

  /** The wait after the latest attempt at {@code level} attempts. */
  static Duration delay(double level) {
    int over = (int) Math.floor(level) - USERNAME_FREE;
    if (over < 0) {
      return Duration.ZERO;
    }
    return over >= 6 ? USERNAME_MAX_DELAY : Duration.ofSeconds(Math.min(1L << over, 60));
  }

  /** How many keys the ledgers hold (for tests). */
  synchronized int size() {
    return usernames.size() + addresses.size();
  }

  private static Level entry(Map<String, Level> ledger, String key, Instant now, Duration leak) {
    Level l = ledger.get(key);
    if (l == null) {
      if (ledger.size() >= MAX_KEYS) {
        trim(ledger, now, leak);
      }
      l = new Level(now);
      ledger.put(key, l);
    }
    return l;
  }

  /**
   * Drops the entries that leaked empty with nothing in flight, then the oldest, until a tenth of
   * the room is free.
   */
  private static void trim(Map<String, Level> ledger, Instant now, Duration leak) {
    ledger.values().removeIf(l -> l.inFlight == 0 && l.at(now, leak) < 1);
    Iterator<Level> oldest = ledger.values().iterator();
    while (ledger.size() > MAX_KEYS * 9 / 10 && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
  }
}
