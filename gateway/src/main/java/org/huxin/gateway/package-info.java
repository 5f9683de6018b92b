/**
 * The Huxin gateway node: {@link org.huxin.gateway.Main} starts it, {@link
 * org.huxin.gateway.GatewayApp} assembles it, {@link org.huxin.gateway.Routes} lists every endpoint
 * in one block per feature and {@link org.huxin.gateway.HttpVerticle} serves them.
 *
 * <pre>
 * browser ──login(school, studentNo, accessCode)──▶ gateway ── HMAC check, roster in memory ──▶ signed token
 * browser ──GET questionnaire (battery × band × locale, immutable, ETag)──▶ served from memory, gzip
 * browser ──POST submit (answers, idempotency key)──▶ validate ─▶ engine.score ─▶ ResultWriter queue
 *         ResultWriter (its own reactive pool): what is queued when the last batch committed, ≤ N
 *         rows ─▶ one multi-row INSERT per batch, in one tx with outbox rows for crisis tiers
 *         ─▶ COMMIT ─▶ ack every waiting submit (back on its event loop) ─▶ 200
 * staff ──request──▶ scope check in memory ─▶ pool.withTransaction(query, audit row) ─▶ answer,
 *         never a worker thread (NonBlockingTest)
 * staff ──login(username, password: Argon2id on a worker)──▶ session cookie ─▶ scoped window views
 *
 * crisis alert path, with the thread of each hop:
 *   alert_outbox row (the writer's transaction; its trigger NOTIFYs huxin_alert at COMMIT)
 *   ─▶ AlertRelay (Vert.x timers and LISTEN huxin_alert on every node, its own reactive pool):
 *        claim SKIP LOCKED ─▶ event bus ─▶ mark relayed and owe alert_notification rows for the
 *        school's channels (or the district's), one tx; a periodic pass is the safety net
 *   ─▶ AlertFeed (event loop) ─▶ SSE to every console in scope ─▶ console confirms received
 *   ─▶ AlertNotifier (huxin-alert-notifier, nudged by the relay): lease ─▶ one message per channel
 *        (HttpClient threads: WeCom / DingTalk robot, SMS gateway) ─▶ mark sent, or failing + backoff
 *   ─▶ AlertEscalator (Vert.x timers, the relay's pool) at the level's deadline: the same to the
 *        district
 * </pre>
 *
 * <p>Sub-packages. The ground floor, which imports no feature: {@code http} (errors, headers,
 * contract, readiness), {@code auth} (codes, tokens, passwords, staff sessions and scope), {@code
 * admission} (the waiting room), {@code cluster}, {@code config}, {@code metrics}. The features,
 * one package each: {@code student}, {@code questionnaires}, {@code drafts}, {@code ratings},
 * {@code windows}, {@code roster}, {@code rosterimport}, {@code slips}, {@code staff}, {@code
 * alerts}, {@code progress}, {@code followup}, {@code reports} and {@code demo} (the seeded demo
 * city). {@code LayoutTest} holds the rules.
 */
package org.huxin.gateway;
