package io.mppfc.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two real users of one group, {@code mppfc-a} and {@code mppfc-b} in {@code mppfc-team}, each
 * with a primary group of their own (so a file takes the team's group only from its setgid
 * directory), made once by root and left for later runs.
 */
final class TeamUsers {

    static final String GROUP = "mppfc-team";
    static final String A = "mppfc-a";
    static final String B = "mppfc-b";

    private TeamUsers() {
    }

    /** Why the users cannot be made here, or null when they are there. */
    static String unavailable() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "making the users " + A + " and " + B + " of group " + GROUP + " takes root (this runs as "
                    + System.getProperty("user.name") + ")";
        }
        for (String tool : List.of("/usr/sbin/groupadd", "/usr/sbin/useradd", "/usr/sbin/runuser")) {
            if (!java.nio.file.Files.isExecutable(java.nio.file.Path.of(tool))) {
                return tool + " is missing";
            }
        }
        String script = "getent group " + GROUP + " >/dev/null || groupadd " + GROUP + "\n"
                + user(A) + user(B);
        Process sh = new ProcessBuilder("sh", "-ec", script).redirectErrorStream(true).start();
        String output = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!sh.waitFor(60, TimeUnit.SECONDS) || sh.exitValue() != 0) {
            throw new IOException("could not make the users " + A + " and " + B + ": " + output);
        }
        return null;
    }

    private static String user(String name) {
        return "id -u " + name + " >/dev/null 2>&1 || useradd --system --user-group --no-create-home --shell /usr/sbin/nologin -G "
                + GROUP + " " + name + "\n"
                + "id -nG " + name + " | grep -qw " + GROUP + " || usermod -a -G " + GROUP + " " + name + "\n";
    }
}
