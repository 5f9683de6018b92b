package org.huxin.gateway;

import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.huxin.engine.alerts.AlertChannelStore;
import org.huxin.engine.alerts.AlertNotifier;
import org.huxin.engine.alerts.AlertOutboxStore;
import org.huxin.engine.alerts.AlertRelay;
import org.huxin.engine.audit.AuditStore;
import org.huxin.engine.results.ResultWriter;
import org.huxin.engine.roster.ClassRosterQueries;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.Store;
import org.huxin.engine.windows.WindowStore;
import org.huxin.gateway.admission.AdmissionControl;
import org.huxin.gateway.admission.LoginGuard;
import org.huxin.gateway.alerts.AlertFeed;
import org.huxin.gateway.alerts.UnsubmittedCrises;
import org.huxin.gateway.auth.StaffAudit;
import org.huxin.gateway.auth.StaffSessions;
import org.huxin.gateway.auth.Tokens;
import org.huxin.gateway.config.ManagementSettings;
import org.huxin.gateway.drafts.DraftStore;
import org.huxin.gateway.http.ApiContract;
import org.huxin.gateway.http.Readiness;
import org.huxin.gateway.http.TrustedProxies;
import org.huxin.gateway.metrics.GatewayMetrics;
import org.huxin.gateway.questionnaires.Engines;
import org.huxin.gateway.questionnaires.QuestionnaireCatalog;
import org.huxin.gateway.roster.ChangeNotices;
import org.huxin.gateway.roster.RosterIndex;
import org.huxin.gateway.roster.WindowRegistry;

/**
 * The parts of one gateway node, built once in {@link GatewayApp} and handed to {@link Routes},
 * which gives each {@code XxxApi} exactly the parts it uses: no handler sees this record. Every
 * field is safe to use from any event loop.
 *
 * @param store the PostgreSQL store: its JDBC data source serves bulk work (COPY, loads)
 * @param pool the reactive PostgreSQL pool every request path uses
 * @param changes tells every node to reload the windows or the roster after a change
 * @param engines one compiled scoring engine per tier rule set; a window names its set
 * @param guard failed-login counting and locks
 * @param admission the waiting room for logins
 * @param drafts answers in progress (cluster map, or memory on a single node)
 * @param alerts the crisis outbox: pending alerts and acknowledgements
 * @param feed this node's crisis feed: event-bus consumer and open SSE streams
 * @param relay delivers crisis alerts; nudged right after a crisis result commits
 * @param unsubmitted records crisis answers in drafts for the unsubmitted-crisis sweep
 * @param names decrypts student names (access slips)
 * @param publicUrl the address students type, printed on slips
 * @param trustedProxies whose {@code X-Forwarded-For} names the real client address
 * @param management the management listener's settings and the metrics bearer token
 * @param metrics every meter of this node, served at {@code GET /metrics}
 * @param readiness whether this node wants traffic ({@code GET /health/ready})
 * @param contract the OpenAPI contract that request bodies are held to
 * @param alertChannels where schools' and districts' crisis alerts reach a phone
 * @param notifier sends the phone messages; tests a channel on request
 * @param sessions this node's view of the staff sessions: which are live, and revoking them
 * @param staffAudit the audit rows of staff views and of refusals outside a caller's scope
 */
public record Services(
    Clock clock,
    Tokens tokens,
    RosterIndex roster,
    ChangeNotices changes,
    Store store,
    Pool pool,
    WindowRegistry windows,
    Engines engines,
    QuestionnaireCatalog questionnaires,
    ResultWriter writer,
    DraftStore drafts,
    LoginGuard guard,
    AdmissionControl admission,
    WindowStore windowStore,
    ClassRosterQueries classes,
    AuditStore audit,
    AlertOutboxStore alerts,
    AlertRelay relay,
    AlertFeed feed,
    UnsubmittedCrises unsubmitted,
    NameCipher names,
    String publicUrl,
    TrustedProxies trustedProxies,
    ManagementSettings management,
    GatewayMetrics metrics,
    Readiness readiness,
    ApiContract contract,
    AlertChannelStore alertChannels,
    AlertNotifier notifier,
    StaffSessions sessions,
    StaffAudit staffAudit) {}
