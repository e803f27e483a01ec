package io.mppfc.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, with the JVM's. */
final class Version implements IVersionProvider {

    static String mppfc() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "development build";
    }

    @Override
    public String[] getVersion() {
        return new String[] {"mppfc " + mppfc(), "Java " + System.getProperty("java.version") + " ("
                + System.getProperty("java.vm.name") + ")"};
    }
}
