/**
 * What the server, the client library and the CLI share, each concept in one place: the status
 * ({@link dev.vitals.common.HealthStatus}) and its mapping to each API's enum ({@link
 * dev.vitals.common.StatusProtos}), the duration grammar ({@link dev.vitals.common.Durations}), and
 * the admin token: where it comes from ({@link dev.vitals.common.AdminTokens}) and how a call
 * carries it ({@link dev.vitals.common.AdminAuthorization}).
 *
 * <p>Plain Java over the generated API types and {@code grpc-api}: no transport, no logging, no
 * command-line parser, so that every module may depend on it.
 */
package dev.vitals.common;
