package io.mppfc.launch;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A host's java too old for the classpath's class files, in Java release numbers. */
final class JavaLevels {

    /**
     * HotSpot's words; class file version N is Java N - 44. A version has at most 5 digits (a
     * class file's u2): the host's text is data, and a longer number is not this line.
     */
    private static final Pattern TOO_NEW = Pattern.compile("UnsupportedClassVersionError: (\\S+) has been compiled "
            + "by a more recent version of the Java Runtime \\(class file version (\\d{1,5})\\.\\d+\\), this version of "
            + "the Java Runtime only recognizes class file versions up to (\\d{1,5})\\.\\d+");
    private static final int RELEASE_OFFSET = 44;

    private JavaLevels() {
    }

    /**
     * One line saying that {@code java} there runs older class files than the classpath has, or
     * null if the stderr lines do not say so.
     */
    static String tooOld(List<String> stderr, String java) {
        for (String line : stderr) {
            Matcher m = TOO_NEW.matcher(line);
            if (m.find()) {
                int needed = Integer.parseInt(m.group(2)) - RELEASE_OFFSET;
                int runs = Integer.parseInt(m.group(3)) - RELEASE_OFFSET;
                return "its java (" + java + ") runs Java " + runs + " class files at most, but "
                        + io.mppfc.text.ShownText.line(m.group(1).replace('/', '.')) + " is Java " + needed + ": install Java " + needed
                        + " or newer there, or point javaPath (--remote-java) at it";
            }
        }
        return null;
    }
}
