/**
 * Who gets in, and when: failed access-code attempts counted per student and per source address
 * across the cluster (a locked student is told to ask the school, which can unlock), and the
 * waiting room that turns an overload into an orderly queue of signed tickets instead of a
 * collapse, judging overload by requests in flight, event-loop lag and the share of students'
 * answers slower than a target ({@code SlowShare}). Students already logged in are never held back
 * by either.
 */
package org.huxin.gateway.admission;
