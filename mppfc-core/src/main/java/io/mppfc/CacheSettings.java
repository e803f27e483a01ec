package io.mppfc;

import io.mppfc.function.FunctionInvoker;
import io.mppfc.function.FunctionRef;
import io.mppfc.function.FunctionRefs;
import java.io.Serializable;
import io.mppfc.launch.Launcher;
import io.mppfc.launch.LocalJvmLauncher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link CacheBuilder} has been told, with the defaults of what it has not: the function,
 * how its results are kept, and how its workers run. Written only by the builder's methods, each
 * value checked there; read once by {@link FunctionAssembly} when {@code build()} is called.
 */
final class CacheSettings<F> {

    /** Makes the typed result from the shared engine. */
    @FunctionalInterface
    interface Product<F> {
        F make(CachedCalls<Object> calls, FunctionInvoker invoker);
    }

    // the function
    final FunctionRef ref;
    final ClassLoader loader;
    /** Null for a function known only by reference: called by reflection. */
    final CachedCalls.LocalCall local;
    final Product<F> product;

    // its cache and the keys in it
    Path path = Path.of(".cache");
    String name;
    boolean includeClassName = true;
    String version = "";
    boolean trackCode = true;
    List<String> ownPackages = List.of();
    boolean skipKnownFailures;
    /** Null: results never expire. */
    Duration staleAfter;
    boolean durable;
    boolean cacheDirTag;
    boolean strictPermissions;
    /** Null: the cache root is made owner-only (a team's root made earlier stays the team's). */
    String group;
    boolean readOnly;
    int compressionLevel;
    Codec codec = Codec.FORY;
    final Set<String> allowedClasses = new LinkedHashSet<>();
    final Set<String> allowedPackages = new LinkedHashSet<>();
    /** Null: no shared store. */
    SharedStore shared;

    // its workers
    final List<String> workerJvmOptions = new ArrayList<>();
    String workerClasspath = DefaultWorkerClasspath.get();
    boolean resultsOverPipe;
    int maxRetries = 1;
    /** Null: no limit. */
    Duration taskTimeout;
    boolean failFast;
    /** Null: the launcher's default. */
    Duration workerStartTimeout;
    Launcher launcher = new LocalJvmLauncher();

    private CacheSettings(FunctionRef ref, ClassLoader loader, CachedCalls.LocalCall local, Product<F> product) {
        this.ref = ref;
        this.loader = loader;
        this.local = local;
        this.product = product;
    }

    /**
     * The defaults for a function given as a method reference, constructor reference or named
     * lambda, called through {@code local} (null: by reflection).
     */
    static <F> CacheSettings<F> of(Serializable function, CachedCalls.LocalCall local, Product<F> product) {
        return new CacheSettings<>(FunctionRefs.of(Objects.requireNonNull(function, "function")),
                function.getClass().getClassLoader(), local, product);
    }

    /** The defaults for a function given by reflection ({@link Mppfc#cacheMethod}), called so. */
    static <F> CacheSettings<F> ofReflected(FunctionRef ref, ClassLoader loader, Product<F> product) {
        return new CacheSettings<>(Objects.requireNonNull(ref, "ref"), Objects.requireNonNull(loader, "loader"),
                null, product);
    }
}
