package io.mppfc.code;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What a function's code means: a hash of the normalised bytecode of the function and of every
 * method of the user's own code it can reach (static, private, super and constructor calls,
 * virtual and interface calls to the implementation of the named class and of every class the
 * code can instantiate ({@link CodeWalk}), lambda bodies, and the static initialisers of the
 * classes it touches), in the order the code reaches them.
 *
 * @param version 16 hex digits; {@code ""} when the code is not tracked
 * @param ownClasses the internal names of the classes followed into, sorted
 * @param methods how many methods were fingerprinted
 * @param classFiles the bytes of each of {@code ownClasses}, in the same order: a worker whose
 *     class files are these bytes runs this code without fingerprinting it again
 */
public record CodeFingerprint(String version, List<String> ownClasses, int methods, List<byte[]> classFiles) {

    /** Frozen with the normalisation: a change of either must change every fingerprint. */
    static final String SCHEME = CodeWalk.Scheme.V2.id;

    /** A function whose code is not tracked: only the {@code version("...")} salt tells versions apart. */
    public static final CodeFingerprint UNTRACKED = new CodeFingerprint("", List.of(), 0, List.of());

    /**
     * Copies the class list.
     *
     * @param version 16 hex digits, or {@code ""}
     * @param ownClasses the classes followed into
     * @param methods how many methods were fingerprinted
     * @param classFiles the bytes of each of the classes
     */
    public CodeFingerprint {
        ownClasses = List.copyOf(ownClasses);
        classFiles = List.copyOf(classFiles);
    }

    /**
     * The code version a worker runs: the coordinator's when its class files are byte for byte
     * those the coordinator fingerprinted (no bytecode is read then: a worker's start is short),
     * else its own fingerprint of exactly those classes, which may still agree (the same code
     * compiled again).
     *
     * @param className the binary name of the function's class
     * @param methodName the method's name
     * @param descriptor its JVM descriptor
     * @param loader the worker's loader
     * @param version the coordinator's code version
     * @param classes the classes the coordinator followed into
     * @param classFiles their bytes as the coordinator read them (empty if not sent)
     * @return the version of the code this loader finds
     */
    public static String versionHere(String className, String methodName, String descriptor, ClassLoader loader,
            String version, List<String> classes, List<byte[]> classFiles) {
        if (sameClassFiles(loader, classes, classFiles)) {
            return version;
        }
        return of(className, methodName, descriptor, loader, OwnCode.exactly(new java.util.HashSet<>(classes)))
                .version();
    }

    private static boolean sameClassFiles(ClassLoader loader, List<String> classes, List<byte[]> classFiles) {
        if (classFiles.size() != classes.size() || classes.isEmpty()) {
            return false;
        }
        for (int i = 0; i < classes.size(); i++) {
            try {
                if (!java.util.Arrays.equals(classFiles.get(i), ClassFiles.read(loader, classes.get(i)))) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns whether the code is tracked.
     *
     * @return whether {@link #version()} names a code version
     */
    public boolean tracked() {
        return !version.isEmpty();
    }

    /**
     * Fingerprints the code a method runs.
     *
     * @param className the binary name of the method's class, e.g. {@code com.acme.Physics}
     * @param methodName the method's name ({@code <init>} for a constructor)
     * @param descriptor its JVM descriptor
     * @param loader the loader that finds its class files
     * @param ownCode which classes are followed into
     * @return the fingerprint
     * @throws CodeNotReadableException if the class file of the method cannot be found or read
     */
    public static CodeFingerprint of(String className, String methodName, String descriptor, ClassLoader loader,
            OwnCode ownCode) {
        return new CodeWalk(loader, ownCode, CodeWalk.Scheme.V2).run(className.replace('.', '/'), methodName,
                descriptor);
    }

    /**
     * Fingerprints a cached function's code. The fingerprint is kept per function, rule and class
     * loader in this JVM, and reused while the class files it read are byte for byte the same:
     * jshell and a debugger's hot swap redefine classes in a running JVM.
     *
     * @param className the binary name of the function's class
     * @param methodName the method's name
     * @param descriptor its JVM descriptor
     * @param loader the loader that finds its class files
     * @param ownPackages the packages that are the user's code, or empty for the default rule
     *     ({@link OwnCode#besideFunction})
     * @param store a directory where fingerprints are kept between runs, with what they were made
     *     of, or null for none
     * @param writable whether a new fingerprint may be kept there
     * @return the fingerprint
     * @throws CodeNotReadableException if the class file of the method cannot be found or read
     */
    public static CodeFingerprint ofFunction(String className, String methodName, String descriptor,
            ClassLoader loader, List<String> ownPackages, java.nio.file.Path store, boolean writable) {
        String key = className + '.' + methodName + descriptor + ' ' + ownPackages;
        Map<String, Computed> known;
        synchronized (COMPUTED) {
            known = COMPUTED.computeIfAbsent(loader, l -> new java.util.concurrent.ConcurrentHashMap<>());
        }
        // per store: a second cache root in this JVM gets its own record, not only the first one
        String memoKey = key + '\n' + store;
        Computed before = known.get(memoKey);
        if (before != null && before.unchanged(loader)) {
            return before.fingerprint();
        }
        FingerprintStore kept = store == null ? null : new FingerprintStore(store, SCHEME, key);
        FingerprintStore.Loaded loaded = kept == null ? null : kept.load(loader);
        if (loaded != null) {
            known.put(memoKey, new Computed(loaded.fingerprint(), loaded.ownFiles()));
            return loaded.fingerprint();
        }
        String internalName = className.replace('.', '/');
        OwnCode rule = ownPackages.isEmpty() ? OwnCode.besideFunction(internalName, loader)
                : OwnCode.inPackages(internalName, ownPackages);
        CodeWalk walk = new CodeWalk(loader, rule, CodeWalk.Scheme.V2);
        CodeFingerprint fingerprint = walk.run(internalName, methodName, descriptor);
        String analysed = fingerprint.version();
        if (kept != null) {
            fingerprint = EarlierVersions.adopt(fingerprint, walk.classFiles, kept.previous(), store, key,
                    internalName, methodName, descriptor, loader);
        }
        known.put(memoKey, new Computed(fingerprint, walk.classFiles));
        if (kept != null && writable) {
            kept.save(fingerprint, analysed.equals(fingerprint.version()) ? null : analysed, walk.classFiles,
                    walk.roots);
        }
        return fingerprint;
    }

    /** Weak in the loader: a fingerprint lives as long as the classes it describes. */
    private static final Map<ClassLoader, Map<String, Computed>> COMPUTED = new java.util.WeakHashMap<>();

    /** A fingerprint and the class files it was made of. */
    private record Computed(CodeFingerprint fingerprint, Map<String, byte[]> classFiles) {

        boolean unchanged(ClassLoader loader) {
            for (Map.Entry<String, byte[]> file : classFiles.entrySet()) {
                try {
                    if (!java.util.Arrays.equals(file.getValue(), ClassFiles.read(loader, file.getKey()))) {
                        return false;
                    }
                } catch (IOException e) {
                    return false;
                }
            }
            return true;
        }
    }
}
