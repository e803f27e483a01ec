package io.mppfc.examples;

import io.mppfc.Fn1;
import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The key's pitfalls, each shown: what is a different key and what is the same. */
public final class Pitfalls {

    private Pitfalls() {
    }

    static String describe(Object x) {
        return x.getClass().getSimpleName() + " " + x;
    }

    public static void main(String[] args) throws Exception {
        Path root = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("mppfc-pitfalls");
        MultiProcCachedFunction1<Object, String> f = Mppfc.cache(Pitfalls::describe).path(root).build();

        f.apply(1);
        System.out.println("1 cached; 1.0 too? " + f.hasKey(1.0) + "; 1L? " + f.hasKey(1L)
                + "  -> types are part of the key: pass the same type every time");

        f.apply(List.of(1, 2));
        System.out.println("List.of(1, 2) cached; new Object[] {1, 2} too? " + f.hasKey(new Object[] {1, 2})
                + "  -> a List and an array are different keys");

        f.apply(new BigDecimal("1.0"));
        System.out.println("1.0 cached; 1.00 too? " + f.hasKey(new BigDecimal("1.00"))
                + "  -> BigDecimal's scale is part of the key; stripTrailingZeros() if it should not be");

        f.apply(java.util.Map.of("a", 1, "b", 2));
        System.out.println("Map.of(a, b) cached; a TreeMap with the same entries too? "
                + f.hasKey(new java.util.TreeMap<>(java.util.Map.of("b", 2, "a", 1)))
                + "  -> order and class of maps and sets never matter");

        try {
            Mppfc.cache((Fn1<Integer, Integer>) x -> x + 1).path(root).build();
        } catch (IllegalArgumentException e) {
            System.out.println("a lambda without a name: " + e.getMessage());
        }
        System.out.println("with .name(\"plusOne\") it is fine: "
                + Mppfc.cache((Fn1<Integer, Integer>) x -> x + 1).name("plusOne").path(root).build().apply(41));
    }
}
