package io.mppfc.code;

import java.net.URL;
import java.util.List;
import java.util.Set;

/**
 * Which classes are the user's own code, whose bytecode is followed into and fingerprinted;
 * everything else (the JDK, libraries, mppfc itself) is taken as a fixed dependency, as a
 * library version is.
 */
public abstract sealed class OwnCode {

    /**
     * mppfc's own packages: never the user's code, even inside the user's fat jar (a package
     * added to mppfc joins this list; its examples and test fixtures are user code).
     */
    private static final Set<String> LIBRARY_PACKAGES = Set.of("io/mppfc", "io/mppfc/cache", "io/mppfc/cache/codec",
            "io/mppfc/cache/entry", "io/mppfc/cache/failure", "io/mppfc/cache/maintenance", "io/mppfc/cache/pack",
            "io/mppfc/cli", "io/mppfc/code", "io/mppfc/files", "io/mppfc/footprint", "io/mppfc/function",
            "io/mppfc/launch", "io/mppfc/pool", "io/mppfc/protocol", "io/mppfc/s3", "io/mppfc/text", "io/mppfc/worker");

    private OwnCode() {
    }

    /**
     * The default: the user's whole build ({@link UserBuild}): the function's jar or class
     * directory, every class directory, and the jars of the user's other modules (built beside a
     * build file, or of the project's Maven group), but not the JDK's, not those of other jars
     * (libraries) and not mppfc's.
     *
     * @param functionClass the internal name of the function's class
     * @param loader the loader that finds it
     * @return the rule
     */
    public static OwnCode besideFunction(String functionClass, ClassLoader loader) {
        return new Beside(functionClass, UserBuild.of(functionClass, ClassFiles.root(loader, functionClass)));
    }

    /**
     * Classes in these packages or their subpackages, and the function's own class.
     *
     * @param functionClass the internal name of the function's class
     * @param packages package names such as {@code com.acme}
     * @return the rule
     */
    public static OwnCode inPackages(String functionClass, List<String> packages) {
        return new InPackages(functionClass, packages.stream().map(p -> p.replace('.', '/')).toList());
    }

    /**
     * Exactly these classes: how a worker follows the classes its coordinator followed, whatever
     * its classpath looks like (a jar where the coordinator had a class directory).
     *
     * @param internalNames internal class names
     * @return the rule
     */
    public static OwnCode exactly(Set<String> internalNames) {
        return new Exactly(Set.copyOf(internalNames));
    }

    /** Decided from the class's name and where its loader found it (null: nowhere), looked up once by the caller. */
    abstract boolean includes(String internalName, URL location);

    static boolean library(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash > 0 && LIBRARY_PACKAGES.contains(internalName.substring(0, slash));
    }

    private static final class Beside extends OwnCode {
        private final String functionClass;
        private final UserBuild build;

        Beside(String functionClass, UserBuild build) {
            this.functionClass = functionClass;
            this.build = build;
        }

        @Override
        boolean includes(String internalName, URL location) {
            if (internalName.equals(functionClass)) {
                return true;
            }
            if (library(internalName)) {
                return false;
            }
            if (location == null) {
                return false;
            }
            return build.includes(internalName, ClassFiles.root(location, internalName),
                    "file".equals(location.getProtocol()));
        }
    }

    private static final class InPackages extends OwnCode {
        private final String functionClass;
        private final List<String> packages;

        InPackages(String functionClass, List<String> packages) {
            this.functionClass = functionClass;
            this.packages = packages;
        }

        @Override
        boolean includes(String internalName, URL location) {
            if (internalName.equals(functionClass)) {
                return true;
            }
            for (String p : packages) {
                if (internalName.startsWith(p + "/")) {
                    return !library(internalName);
                }
            }
            return false;
        }
    }

    private static final class Exactly extends OwnCode {
        private final Set<String> names;

        Exactly(Set<String> names) {
            this.names = names;
        }

        @Override
        boolean includes(String internalName, URL location) {
            return names.contains(internalName);
        }
    }
}
