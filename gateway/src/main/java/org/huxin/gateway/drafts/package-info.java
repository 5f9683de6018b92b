/**
 * Drafts of answers in progress, saved page by page with a sequence number: the last sequence wins
 * and a stale one is ignored. On a cluster they live in a Hazelcast map with one synchronous
 * backup, under a hashed key and encrypted with a key derived from the data key ({@link
 * org.huxin.gateway.drafts.DraftSeal}); a single node keeps them in memory. The browser keeps its
 * own copy too, so a draft is a convenience for resuming on another device or node, never the only
 * copy of an answer.
 */
package org.huxin.gateway.drafts;
