/**
 * Real vitals servers for the tests of the client library and the CLI ({@link
 * dev.vitals.testing.server.StartedServers}). A module of its own because it needs the server,
 * whose own tests use {@code dev.vitals.testing}.
 */
package dev.vitals.testing.server;
