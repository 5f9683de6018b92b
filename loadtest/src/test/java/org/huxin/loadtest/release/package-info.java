/**
 * The release tarball as ops receive it ({@code ./huxin dist}): unpacked alone, run with only a
 * Java runtime, as a cluster behind nginx.
 */
package org.huxin.loadtest.release;
