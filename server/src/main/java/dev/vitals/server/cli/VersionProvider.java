package dev.vitals.server.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = VersionProvider.class.getPackage().getImplementationVersion();
    return new String[] {"vitals-server " + (version != null ? version : "(development build)")};
  }
}
