package io.mppfc.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The names a mistyped one may have meant: a short name for the function whose last part it is
 * ({@code slow} for {@code com.acme.Physics.slow}), else a name a few keystrokes away
 * ({@code slwo}, {@code Phyiscs}); the way picocli suggests its commands and options.
 */
final class Near {

    private Near() {
    }

    /** At most three of {@code names} that {@code typed} may mean, nearest first; empty if none is near. */
    static List<String> names(String typed, Collection<String> names) {
        List<String> byLastPart = new ArrayList<>();
        for (String name : names) {
            if (name.endsWith("." + typed)) {
                byLastPart.add(name);
            }
        }
        if (!byLastPart.isEmpty()) {
            return byLastPart.stream().sorted().limit(3).toList();
        }
        int most = Math.max(1, Math.min(3, typed.length() / 4));
        return names.stream().filter(n -> distance(typed, n, most) <= most)
                .sorted(java.util.Comparator.comparingInt((String n) -> distance(typed, n, most)).thenComparing(n -> n))
                .limit(3).toList();
    }

    /** "; did you mean a or b?" for the names near, or nothing. */
    static String meant(String typed, Collection<String> names) {
        List<String> near = names(typed, names);
        return near.isEmpty() ? "" : " (did you mean " + String.join(" or ", near) + "?)";
    }

    /** Edit distance (insert, delete, replace, swap of two neighbours), or more than {@code most} once it is. */
    static int distance(String a, String b, int most) {
        if (Math.abs(a.length() - b.length()) > most) {
            return most + 1;
        }
        int[] before = new int[b.length() + 1];
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowBest = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int d = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d = Math.min(d, before[j - 2] + 1);
                }
                current[j] = d;
                rowBest = Math.min(rowBest, d);
            }
            if (rowBest > most) {
                return most + 1;
            }
            int[] spare = before;
            before = previous;
            previous = current;
            current = spare;
        }
        return previous[b.length()];
    }
}
