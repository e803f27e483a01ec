package io.mppfc;

import java.util.Locale;

/**
 * How many worker processes to start, with the original's rules:
 * <ul>
 *   <li>a positive count: that many (more than the cores is an error);</li>
 *   <li>zero or a negative count: all cores less that many ({@code -1} on 8 cores is 7; down to
 *       one worker, so a value of minus the core count or less is an error);</li>
 *   <li>a fraction in (0, 1]: that share of the cores, rounded down, at least one;</li>
 *   <li>{@code "all"}: every core.</li>
 * </ul>
 * With a launcher that runs workers on other machines (Slurm, SSH), this machine's cores say
 * nothing: only a positive count is accepted there, and any count.
 *
 * @since 0.1
 */
public final class NumProc {

    private final String text;
    private final Integer count;
    private final Double fraction;

    private NumProc(String text, Integer count, Double fraction) {
        this.text = text;
        this.count = count;
        this.fraction = fraction;
    }

    /**
     * Returns the rule.
     *
     * @param count a count, or zero/negative for all cores less that many
     * @return the rule
     */
    public static NumProc count(int count) {
        return new NumProc(Integer.toString(count), count, null);
    }

    /**
     * Returns the rule.
     *
     * @param fraction a share of the cores in (0, 1]
     * @return the rule
     * @throws IllegalArgumentException if outside (0, 1]
     */
    public static NumProc fraction(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("number of workers: the fraction " + fraction
                    + " is not in (0, 1]; use a share of the cores such as 0.5, a count, or \"all\"");
        }
        return new NumProc(Double.toString(fraction), null, fraction);
    }

    /**
     * Returns every core.
     *
     * @return every core
     */
    public static NumProc all() {
        return new NumProc("all", 0, null);
    }

    /**
     * Parses {@code "all"}, a count ({@code "4"}, {@code "-1"}) or a fraction ({@code "0.5"}).
     *
     * @param text the value, as given on a command line
     * @return the rule
     * @throws IllegalArgumentException if it is none of these, saying what is accepted
     */
    public static NumProc parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("all")) {
            return all();
        }
        try {
            if (t.contains(".") || t.contains("e")) {
                return fraction(Double.parseDouble(t));
            }
            return count(Integer.parseInt(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("number of workers: \"" + text + "\" is not a count (4, or -1 for all "
                    + "cores but one), a fraction of the cores (0.5) or \"all\"");
        }
    }

    /**
     * Returns how many workers this rule means there.
     *
     * @param cores the cores available
     * @return how many workers this rule means there
     * @throws IllegalArgumentException if the rule gives none, or more than the cores, naming the value, the rule and the core count
     */
    public int resolve(int cores) {
        if (fraction != null) {
            return Math.max(1, (int) Math.floor(fraction * cores));
        }
        if (count > cores) {
            throw new IllegalArgumentException("number of workers: " + count + " is more than the " + cores
                    + " cores of this machine; use at most " + cores + ", or \"all\"");
        }
        if (count > 0) {
            return count;
        }
        if (count <= -cores) {
            throw new IllegalArgumentException("number of workers: " + count + " means all " + cores
                    + " cores less " + -count + ", which leaves none; use a value above " + -cores);
        }
        return cores + count;
    }

    /**
     * Returns the count, for workers that do not run on this machine (its cores say nothing
     * about a cluster's).
     *
     * @param launcher the launcher, for the message
     * @return the count
     * @throws IllegalArgumentException if the rule is not a positive count
     */
    public int resolveWithoutCores(String launcher) {
        if (count == null || count <= 0) {
            throw new IllegalArgumentException("number of workers: \"" + text + "\" is a share of this machine's "
                    + "cores, but the workers run elsewhere (" + launcher + "); give a count, such as 16");
        }
        return count;
    }

    @Override
    public String toString() {
        return text;
    }
}
