/**
 * Bad input, over real HTTP against a real gateway and its own embedded PostgreSQL: tables of
 * hand-picked hostile requests (out-of-range and wrong-type answers, client-sent scores and ids,
 * steps out of order, closed windows, oversized, deeply nested, non-UTF-8 and duplicate-key bodies,
 * wrong content types) and jqwik fuzzers that mutate valid bodies and send random bytes. Every
 * input must get a 4xx whose JSON body has an {@code error} code and a human {@code message} and no
 * stack trace, must store nothing, and must leave the node ready and serving; each class prints how
 * many inputs it tried as one {@code BADINPUT class=… inputs=N} line.
 */
package org.huxin.gateway.badinput;
