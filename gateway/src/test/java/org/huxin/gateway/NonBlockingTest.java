package org.huxin.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.huxin.gateway.student.archfixture.StudentWaitingOnAWorker;
import org.junit.jupiter.api.Test;

/**
 * No request handler waits on a thread (DESIGN "PostgreSQL access"): the gateway's classes reach
 * PostgreSQL through the reactive client's futures, so none of them parks work on the worker pool
 * ({@code executeBlocking}) or blocks a thread on a future ({@code await}, {@code join}, {@code
 * get}). The exceptions are listed below by class, each with its reason: work that is CPU-bound by
 * nature (password hashing, XLSX building, QR codes), bulk loads the reactive client cannot do
 * (COPY), and the node's start-up and shutdown, which are not request paths.
 */
class NonBlockingTest {

  /** Classes that may block, and why. Keep it short: each entry is a reason, not a convenience. */
  static final Map<String, String> MAY_BLOCK =
      Map.ofEntries(
          Map.entry("org.huxin.gateway.Main", "start-up: opens the store, runs Flyway"),
          Map.entry("org.huxin.gateway.GatewayApp", "start-up loads and the drain at shutdown"),
          Map.entry("org.huxin.gateway.http.ApiContract", "reads the OpenAPI file at start-up"),
          Map.entry(
              "org.huxin.gateway.staff.PasswordChecks",
              "password hashing (CPU), for StaffLoginApi and AccountsApi"),
          Map.entry(
              "org.huxin.gateway.staff.StaffCli", "the command line (offline), on its own thread"),
          Map.entry("org.huxin.gateway.reports.ReportsApi", "XLSX building (CPU)"),
          Map.entry("org.huxin.gateway.slips.SlipsApi", "QR codes for a class (CPU)"),
          Map.entry("org.huxin.gateway.rosterimport.RosterImportApi", "COPY bulk load (JDBC)"),
          Map.entry("org.huxin.gateway.roster.ChangeNotices", "the roster reload (bulk, JDBC)"),
          Map.entry("org.huxin.gateway.demo.DemoCity", "demo seeding, before the node serves"));

  static final DescribedPredicate<JavaMethodCall> PARKS_OR_BLOCKS =
      DescribedPredicate.describe(
          "executeBlocking, await, join or get on a future",
          call -> {
            String name = call.getName();
            String owner = call.getTargetOwner().getName();
            return name.equals("executeBlocking")
                || (name.equals("await") && owner.startsWith("io.vertx.core."))
                || ((name.equals("join") || name.equals("get"))
                    && (owner.equals("java.util.concurrent.CompletableFuture")
                        || owner.equals("java.util.concurrent.Future")));
          });

  static final DescribedPredicate<JavaClass> ALLOWED =
      DescribedPredicate.describe(
          "allowed to block",
          c -> {
            String top = c.getName().replaceAll("\\$.*", "");
            return MAY_BLOCK.containsKey(top);
          });

  static final ArchRule NO_HANDLER_BLOCKS =
      ArchRuleDefinition.noClasses()
          .that()
          .resideInAPackage("org.huxin.gateway..")
          .and(DescribedPredicate.not(ALLOWED))
          .should()
          .callMethodWhere(PARKS_OR_BLOCKS)
          .because("a handler composes the reactive client's futures; it never waits on a thread");

  static final JavaClasses GATEWAY = LayoutTest.GATEWAY;

  @Test
  void handlers_neverBlock() {
    NO_HANDLER_BLOCKS.check(GATEWAY);
  }

  @Test
  void rule_catchesAHandlerOnTheWorkerPool() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> NO_HANDLER_BLOCKS.check(LayoutTest.withFixture(StudentWaitingOnAWorker.class)));
    assertTrue(e.getMessage().contains("StudentWaitingOnAWorker"), e.getMessage());
    assertTrue(e.getMessage().contains("executeBlocking"), e.getMessage());
  }

  /** An entry that no longer blocks is taken off the lists, so they keep meaning something. */
  @Test
  void lists_nameOnlyClassesThatBlock() {
    Set<String> blocking = new TreeSet<>();
    GATEWAY.forEach(
        c -> {
          for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
            if (PARKS_OR_BLOCKS.test(call)) {
              blocking.add(c.getName().replaceAll("\\$.*", ""));
            }
          }
        });
    Set<String> listed = new TreeSet<>(MAY_BLOCK.keySet());
    listed.removeAll(blocking);
    assertEquals(Set.of(), listed, "listed as blocking but no longer block: remove them");
  }
}
