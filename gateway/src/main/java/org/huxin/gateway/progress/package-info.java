/**
 * Staff endpoints of live progress and tier lists: the progress tree of a window (district → school
 * → grade → class) as JSON and as a server-sent event stream, one school's students by tier with
 * the rules that fired (audited per student), and the labels (school, class, student number) the
 * crisis feed shows. The tree is read once per window per node every couple of seconds ({@link
 * org.huxin.gateway.progress.SharedProgress}) and cut to each caller's scope in memory; a head
 * teacher gets her class's completion only, never a tier.
 */
package org.huxin.gateway.progress;
