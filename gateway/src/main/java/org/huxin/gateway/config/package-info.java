/**
 * Start-up configuration read once from the environment and the command line, and the development
 * secrets generated when none are configured. Nothing here changes after start.
 */
package org.huxin.gateway.config;
