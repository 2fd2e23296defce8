/**
 * Test helpers, written once and used at test scope by the server, client, CLI and benchmark tests:
 * {@link dev.vitals.testing.GrpcCleanupExtension} (the JUnit 5 twin of grpc-java's {@code
 * GrpcCleanupRule}), {@link dev.vitals.testing.WatchRecorder}, {@link
 * dev.vitals.testing.TestCertificates}, {@link dev.vitals.testing.ServerProcess} (the server jar as
 * a child process), {@link dev.vitals.testing.FreePort} and {@link
 * dev.vitals.testing.BearerCredentials}. Nothing here depends on the server, so the server's own
 * tests use it too.
 */
package dev.vitals.testing;
