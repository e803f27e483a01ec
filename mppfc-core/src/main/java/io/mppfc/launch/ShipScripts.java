package io.mppfc.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The shell text a host runs for shipped classpaths: the worker's start, which checks the jars
 * it needs inside the worker's own connection (no connection of its own, one hash pass), and
 * the receiving end of a shipment. POSIX sh, {@code sha256sum} or else {@code shasum -a 256};
 * nothing is written to stdout before {@code java} starts, as stdout is the worker's protocol.
 */
final class ShipScripts {

    /**
     * The start's exit code when jars are missing or differ from their names: sysexits'
     * EX_TEMPFAIL, clear of the worker's own codes (86, 87) and the shell's (126, 127).
     */
    static final int EXIT_MISSING = 75;
    /** The receiving end's exit code for a shipment that could not be stored: EX_CANTCREAT. */
    static final int EXIT_NOT_STORED = 73;
    /**
     * The start's stderr line: its number, a colon, the missing jars' hashes, space separated. A
     * {@link io.mppfc.protocol.StartNote}: an expected step of a first start, logged at debug only.
     */
    static final String MISSING = io.mppfc.protocol.StartNote.PREFIX + "classpath-missing:";
    /** The receiving end's stderr line naming the directory it could not write to. */
    static final String NOT_WRITTEN = "mppfc-ship-not-written:";
    /** The receiving end's stderr line: the directory, its free KiB and the KiB needed. */
    static final String NO_ROOM = "mppfc-ship-no-room:";
    /** The receiving end's stderr line naming a jar whose bytes arrived different. */
    static final String DAMAGED = "mppfc-ship-damaged:";

    private static final String SHA256 = "if command -v sha256sum >/dev/null 2>&1; then s=sha256sum; "
            + "else s='shasum -a 256'; fi; ";

    private ShipScripts() {
    }

    /**
     * {@code script} as the remote command: ssh hands it to the login shell, which may be csh
     * or fish, so the script goes to {@code sh} as one quoted word. The scripts are one line
     * (csh allows no line break inside quotes): their commands end in {@code ;}, not a newline.
     */
    static String viaSh(String script) {
        return "exec sh -c " + RemoteShell.quote(script);
    }

    /**
     * The worker's start where the host may have the coordinator's paths (a shared file system):
     * java with {@code classpath} if each of {@code entries} exists there, else {@code shipped}
     * (a {@link #start}): a host that lacks the paths but has the shipped jars costs no failed
     * start, and one that lacks both says which jars are missing, all in the one connection. The
     * test of the paths uses shell built-ins only: no hashing, and no process before java.
     */
    static String startHereOrShipped(List<String> javaAndOptions, List<String> entries, String classpath,
            String shipped) {
        List<String> tests = new ArrayList<>();
        entries.forEach(entry -> tests.add("[ -e " + RemoteShell.quote(entry) + " ]"));
        return "if " + String.join(" && ", tests) + "; then exec " + RemoteShell.quote(javaAndOptions) + " -cp "
                + RemoteShell.quote(classpath) + " " + RemoteShell.quote(Launcher.MAIN_CLASS) + "; fi; " + shipped;
    }

    /**
     * The worker's start with the shipped jars: if every jar is in the directory with the hash it
     * is named by, java runs with those; else the start exits {@link #EXIT_MISSING} naming the
     * others.
     *
     * <p>Hashing every jar at every start would cost tens of ms for a 14 MB classpath, so a
     * verified set leaves a stamp ({@code .ok-<key>}), made a clock tick before the hashing
     * began (where the tick does not pass within 20 tries, no stamp is kept): while no
     * jar's status changed after it ({@code find -cnewer}: a write, a rename onto the name, a
     * chmod all change it, and no user can set it back), the set is the one that was hashed,
     * as git's index trusts a file whose stat data did not change. Any change, or a missing
     * stamp, means hashing again.
     *
     * @param directory the jar directory as configured ({@code ~/...} or relative: below $HOME)
     * @param javaAndOptions java and the JVM options, each one word
     * @param hashes the jars' hashes, in classpath order
     * @param number the start's number, said back with the missing jars
     */
    static String start(String directory, List<String> javaAndOptions, List<String> hashes, long number) {
        String java = RemoteShell.quote(javaAndOptions) + " -cp ";
        String main = " " + RemoteShell.quote(Launcher.MAIN_CLASS);
        StringBuilder sh = new StringBuilder();
        List<String> jars = new ArrayList<>();
        hashes.forEach(h -> jars.add("$d/" + h + ".jar"));
        String runShipped = "exec " + java + '"' + String.join(":", jars) + '"' + main;
        String stamp = "\"$d/.ok-" + stampKey(hashes) + "\"";
        sh.append(assignDirectory(directory))
                .append("if [ -f ").append(stamp).append(" ] && [ -z \"$(find \"").append(String.join("\" \"", jars))
                .append("\" -cnewer ").append(stamp).append(" 2>&1)\" ]; then ").append(runShipped).append("; fi; ")
                .append(SHA256)
                .append("n=").append(stamp.substring(0, stamp.length() - 1)).append(".$$\"; w=\"$n.w\"; k=; ")
                // the hashing must begin on a later clock tick than the stamp's: a change in the
                // stamp's own tick would not be newer than it (git's "racy clean" case)
                // true, not ":": a failed redirection of a special built-in ends a POSIX shell; and
                // 2>/dev/null first, as redirections apply in order: a first start, whose jar
                // directory is not there yet, must not relay the shell's "cannot create"
                .append("if true 2>/dev/null > \"$n\"; then i=0; while [ $i -lt 20 ]; do true > \"$w\"; ")
                .append("if [ -n \"$(find \"$w\" -newer \"$n\" 2>/dev/null)\" ]; then k=1; break; fi; i=$((i+1)); done; ")
                .append("rm -f \"$w\"; fi; ")
                .append("if ").append(check(hashes)).append("; then if [ -n \"$k\" ]; then mv -f \"$n\" ").append(stamp)
                .append(" 2>/dev/null; fi; rm -f \"$n\"; ").append(runShipped).append("; fi; rm -f \"$n\"; ")
                .append("m=; for h in ").append(String.join(" ", hashes)).append("; do ")
                .append("printf '%s  %s\\n' \"$h\" \"$d/$h.jar\" | $s -c --status >/dev/null 2>&1 || m=\"$m $h\"; done; ")
                .append("echo \"").append(MISSING).append(number).append(":$m\" >&2; exit ").append(EXIT_MISSING);
        return sh.toString();
    }

    /** Names the stamp of one set of jars: the first 16 hex digits of the SHA-256 of their hashes. */
    private static String stampKey(List<String> hashes) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(String.join(" ", hashes).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * The receiving end: checks that the directory's file system has room for {@code bytes},
     * reads a tar of {@code <hash>.jar} files from stdin into a fresh temp
     * directory beside the jars, checks each against its name, and renames it into place. A
     * shipment cut short, damaged or out of space leaves nothing under a jar's name; the temp
     * directory goes when the script ends (and those of killed shipments and starts after a day).
     */
    static String receive(String directory, List<String> hashes, long bytes) {
        String notWritten = "{ echo \"" + NOT_WRITTEN + "$d\" >&2; exit " + EXIT_NOT_STORED + "; }";
        long kib = (bytes + 1023) / 1024;
        return assignDirectory(directory) + SHA256
                + "mkdir -p \"$d\" || " + notWritten + "; "
                // fail at once, not after the whole stream: tar goes on reading past a full disk
                + "free=$(df -Pk \"$d\" 2>/dev/null | awk 'NR==2 {print $4}'); "
                + "case $free in ''|*[!0-9]*) ;; *) if [ \"$free\" -lt " + kib + " ]; then echo \"" + NO_ROOM
                + "$free:" + kib + ":$d\" >&2; exit " + EXIT_NOT_STORED + "; fi;; esac; "
                + "t=$(mktemp -d \"$d/.tmp-XXXXXXXX\") || " + notWritten + "; "
                + "trap 'rm -rf \"$t\"' EXIT; trap 'exit 1' HUP INT TERM PIPE; "
                // only what this script's mktemp and a start's stamp make, of this user: the jar
                // directory may be one of the user's own (/scratch/me), where a glob .tmp-* took
                // their .tmp-photos with it
                + "find \"$d\" -maxdepth 1 -user \"$(id -u)\" \\( \\( -type d -name '.tmp-" + "?".repeat(8) + "' \\) "
                + "-o \\( -type f \\( -name '" + STAMP_GLOB + ".*[0-9]' -o -name '" + STAMP_GLOB + ".*[0-9].w' \\) \\) \\) "
                + "-mmin +1440 -exec rm -rf {} + 2>/dev/null; "
                + "tar -xf - -C \"$t\" || " + notWritten + "; "
                + "for h in " + String.join(" ", hashes) + "; do "
                + "printf '%s  %s\\n' \"$h\" \"$t/$h.jar\" | $s -c --status >/dev/null 2>&1 || { echo \""
                + DAMAGED + "$h\" >&2; exit " + EXIT_NOT_STORED + "; }; "
                + "chmod 644 \"$t/$h.jar\" && mv -f \"$t/$h.jar\" \"$d/$h.jar\" || " + notWritten + "; "
                + "done";
    }

    /** A start's stamp's name, {@code .ok-} and 16 hex digits, as find's -name matches it. */
    private static final String STAMP_GLOB = ".ok-" + "[0-9a-f]".repeat(16);

    /**
     * What a start said was missing.
     *
     * @param start the start's number
     * @param hashes the missing jars' hashes
     */
    record Missing(long start, Set<String> hashes) {
    }

    /** What a start said was missing, or null if its stderr has no such line (it failed otherwise). */
    static Missing missing(List<String> stderr) {
        for (String line : stderr) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(MISSING)
                    + "([0-9]{1,18}):([0-9a-f ]*)").matcher(line.strip()); // a start's number fits a long: the host's text is data
            if (m.matches()) {
                Set<String> hashes = new TreeSet<>();
                for (String h : m.group(2).trim().split(" +")) {
                    if (h.length() == 64) {
                        hashes.add(h);
                    }
                }
                return new Missing(Long.parseLong(m.group(1)), hashes);
            }
        }
        return null;
    }

    /** One hash pass over all the jars: true only if each is there with its own hash. */
    private static String check(List<String> hashes) {
        StringBuilder args = new StringBuilder();
        for (String h : hashes) {
            args.append(' ').append(h).append(" \"$d/").append(h).append(".jar\"");
        }
        return "printf '%s  %s\\n'" + args + " | $s -c --status >/dev/null 2>&1";
    }

    /** {@code d=...}: an absolute directory as given, any other below the login's home. */
    private static String assignDirectory(String directory) {
        if (directory.startsWith("/")) {
            return "d=" + RemoteShell.quote(directory) + "; ";
        }
        String below = directory.equals("~") ? "" : directory.startsWith("~/") ? directory.substring(2) : directory;
        return "d=\"$HOME\"" + (below.isEmpty() ? "" : "/" + RemoteShell.quote(below)) + "; ";
    }
}
