package io.mppfc.protocol;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * A duration as people write it and the CLI reads it ({@code 100ms}, {@code 1.5s}, {@code 2h}),
 * exact, in every message: never {@code PT0.1S}.
 */
public final class DurationText {

    private static final String[] UNITS = {"d", "h", "m", "s", "ms"};
    private static final long[] NANOS = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L,
            1_000_000L};

    private DurationText() {
    }

    /**
     * @param duration any duration (null is written as "none")
     * @return the largest unit the duration is at least one of and exact in with up to three
     *         decimals, such as {@code 1.5s}; milliseconds below that ({@code 0.25ms})
     */
    public static String of(Duration duration) {
        if (duration == null) {
            return "none";
        }
        BigDecimal nanos = BigDecimal.valueOf(duration.getSeconds()).movePointRight(9)
                .add(BigDecimal.valueOf(duration.getNano()));
        if (nanos.signum() == 0) {
            return "0s";
        }
        String sign = nanos.signum() < 0 ? "-" : "";
        nanos = nanos.abs();
        for (int i = 0; i < UNITS.length; i++) {
            BigDecimal unit = BigDecimal.valueOf(NANOS[i]);
            boolean last = i == UNITS.length - 1;
            boolean exact = nanos.movePointRight(3).remainder(unit).signum() == 0;
            if (last || nanos.compareTo(unit) >= 0 && exact) {
                BigDecimal value = nanos.divide(unit, last ? 6 : 3, RoundingMode.UNNECESSARY).stripTrailingZeros();
                return sign + (value.scale() < 0 ? value.setScale(0) : value).toPlainString() + UNITS[i];
            }
        }
        throw new AssertionError(); // the last unit always answers
    }
}
