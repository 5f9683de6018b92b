/**
 * Classes that break the layout on purpose (a cycle, a handler using Services), for the rules'
 * tests.
 */
package org.huxin.gateway.student.archfixture;
