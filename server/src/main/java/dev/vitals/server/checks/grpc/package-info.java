/**
 * The {@code grpc} check type: an upstream's standard {@code grpc.health.v1.Health/Check}, kept
 * apart so that the engine in {@code dev.vitals.server.checks} has no gRPC dependency.
 *
 * @see <a href="https://github.com/grpc/grpc/blob/master/doc/health-checking.md">gRPC Health
 *     Checking Protocol</a>
 */
package dev.vitals.server.checks.grpc;
