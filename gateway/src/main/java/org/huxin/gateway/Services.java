package org.huxin.gateway;

import java.time.Clock;
import org.huxin.engine.scoring.ScoringEngine;
import org.huxin.engine.store.ProgressQueries;
import org.huxin.engine.store.ResultWriter;
import org.huxin.engine.store.StaffStore;
import org.huxin.engine.store.WindowStore;
import org.huxin.gateway.auth.Tokens;
import org.huxin.gateway.roster.RosterIndex;
import org.huxin.gateway.roster.WindowRegistry;
import org.huxin.gateway.student.QuestionnaireCatalog;

/**
 * What the route handlers of one gateway node share. Built once in {@link GatewayApp}; every field
 * is safe to use from any event loop.
 */
public record Services(
    Clock clock,
    Tokens tokens,
    RosterIndex roster,
    WindowRegistry windows,
    ScoringEngine engine,
    QuestionnaireCatalog questionnaires,
    ResultWriter writer,
    WindowStore windowStore,
    StaffStore staffStore,
    ProgressQueries progress) {}
