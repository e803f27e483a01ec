package io.mppfc.launch;

import java.util.List;
import java.util.stream.Collectors;

/** ssh hands the remote command to a shell, which would split and expand it: quote every word. */
final class RemoteShell {

    private RemoteShell() {
    }

    static String quote(List<String> words) {
        return words.stream().map(RemoteShell::quote).collect(Collectors.joining(" "));
    }

    /** A POSIX shell word that means exactly {@code word}: single quotes, with ' written as '\''. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
