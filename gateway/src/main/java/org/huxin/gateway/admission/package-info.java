/**
 * Who gets in, and when: wrong access codes counted per student and address and per address across
 * the cluster, in bounded ledgers, with back-offs that slow guessing and never lock a child out for
 * more than a minute ({@code LoginGuard}), and the waiting room that turns an overload into an
 * orderly queue of signed tickets instead of a collapse, judging overload by requests in flight,
 * event-loop lag and the share of students' answers slower than a target ({@code SlowShare}).
 * Students already logged in are never held back by either.
 */
package org.huxin.gateway.admission;
