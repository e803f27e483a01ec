package io.mppfc.code;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a function's code means: a hash of the normalised bytecode of the function and of every
 * method of the user's own code it can reach (static, private, super and constructor calls,
 * virtual and interface calls to the implementation the named class has or inherits, lambda
 * bodies, and the static initialisers of the classes it touches), in the order the code reaches
 * them.
 *
 * @param version 16 hex digits; {@code ""} when the code is not tracked
 * @param ownClasses the internal names of the classes followed into, sorted
 * @param methods how many methods were fingerprinted
 * @param classFiles the bytes of each of {@code ownClasses}, in the same order: a worker whose
 *     class files are these bytes runs this code without fingerprinting it again
 */
public record CodeFingerprint(String version, List<String> ownClasses, int methods, List<byte[]> classFiles) {

    /** Frozen with the normalisation: a change of either must change every fingerprint. */
    private static final String SCHEME = "mppfc-code/1";

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
        return new Walk(loader, ownCode).run(className.replace('.', '/'), methodName, descriptor);
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
        Computed before = known.get(key);
        if (before != null && before.unchanged(loader)) {
            return before.fingerprint();
        }
        FingerprintStore kept = store == null ? null : new FingerprintStore(store, SCHEME + ' ' + key);
        FingerprintStore.Loaded loaded = kept == null ? null : kept.load(loader);
        if (loaded != null) {
            known.put(key, new Computed(loaded.fingerprint(), loaded.ownFiles()));
            return loaded.fingerprint();
        }
        String internalName = className.replace('.', '/');
        OwnCode rule = ownPackages.isEmpty() ? OwnCode.besideFunction(internalName, loader)
                : OwnCode.inPackages(internalName, ownPackages);
        Walk walk = new Walk(loader, rule);
        CodeFingerprint fingerprint = walk.run(internalName, methodName, descriptor);
        known.put(key, new Computed(fingerprint, walk.classFiles));
        if (kept != null && writable) {
            kept.save(fingerprint, walk.classFiles, walk.roots);
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

    private static final class Walk {
        private final ClassLoader loader;
        private final OwnCode ownCode;
        /** A null value: not own code, or no class file. */
        private final Map<String, ClassSummary> classes = new HashMap<>();
        /** The bytes of every own class read, to tell later whether they changed. */
        final Map<String, byte[]> classFiles = new HashMap<>();
        /** Where every class consulted was found ("" for nowhere or the JDK): what decided whether it is own. */
        final Map<String, String> roots = new HashMap<>();
        private final Set<String> reached = new LinkedHashSet<>();
        private final ArrayDeque<String[]> queue = new ArrayDeque<>();
        private final MessageDigest digest;

        Walk(ClassLoader loader, OwnCode ownCode) {
            this.loader = loader;
            this.ownCode = ownCode;
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
            digest.update(SCHEME.getBytes(StandardCharsets.UTF_8));
        }

        CodeFingerprint run(String owner, String name, String descriptor) {
            ClassSummary root = summary(owner);
            if (root == null || !root.methods().containsKey(name + descriptor)) {
                throw new CodeNotReadableException(owner.replace('/', '.'), loader);
            }
            reach(owner, name, descriptor);
            reachInitialiser(owner);
            while (!queue.isEmpty()) {
                String[] method = queue.poll();
                MethodSummary body = summary(method[0]).methods().get(method[1] + method[2]);
                digest.update(ClassSummaries.stableText(method[0]).getBytes(StandardCharsets.UTF_8));
                digest.update(body.canonical());
                for (MethodSummary.Call call : body.calls()) {
                    resolve(call.owner(), call.name(), call.descriptor());
                }
                for (String initialised : body.initialises()) {
                    reachInitialiser(initialised);
                }
            }
            Set<String> own = new TreeSet<>();
            classes.forEach((className, summary) -> {
                if (summary != null) {
                    own.add(className);
                }
            });
            String version = HexFormat.of().formatHex(digest.digest(), 0, 8);
            List<byte[]> files = new ArrayList<>();
            for (String ownClass : own) {
                files.add(classFiles.get(ownClass));
            }
            return new CodeFingerprint(version, new ArrayList<>(own), reached.size(), files);
        }

        private void reach(String owner, String name, String descriptor) {
            if (reached.add(owner + '.' + name + descriptor)) {
                queue.add(new String[] {owner, name, descriptor});
            }
        }

        private void reachInitialiser(String owner) {
            ClassSummary summary = summary(owner);
            if (summary != null && summary.methods().containsKey("<clinit>()V")) {
                reach(owner, "<clinit>", "()V");
            }
        }

        /** The implementation a call runs when the receiver is of the named class (not a subclass). */
        private void resolve(String owner, String name, String descriptor) {
            for (String c = owner; c != null; ) {
                ClassSummary summary = summary(c);
                if (summary == null) {
                    return; // into the JDK or a library: their code is a fixed dependency
                }
                if (summary.methods().containsKey(name + descriptor)) {
                    reach(c, name, descriptor);
                    return;
                }
                if (resolveDefault(summary.interfaces(), name, descriptor)) {
                    return;
                }
                c = summary.superName();
            }
        }

        private boolean resolveDefault(List<String> interfaces, String name, String descriptor) {
            for (String i : interfaces) {
                ClassSummary summary = summary(i);
                if (summary == null) {
                    continue;
                }
                if (summary.methods().containsKey(name + descriptor)) {
                    reach(i, name, descriptor);
                    return true;
                }
                if (resolveDefault(summary.interfaces(), name, descriptor)) {
                    return true;
                }
            }
            return false;
        }

        private ClassSummary summary(String internalName) {
            if (classes.containsKey(internalName)) {
                return classes.get(internalName);
            }
            ClassSummary summary = null;
            java.net.URL location = ClassFiles.locate(loader, internalName);
            roots.put(internalName, ClassFiles.root(location, internalName));
            if (ownCode.includes(internalName, location)) {
                try {
                    byte[] bytes = ClassFiles.read(location);
                    summary = bytes == null ? null : ClassSummaries.read(bytes);
                    classFiles.put(internalName, bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the class file of " + internalName.replace('/', '.')
                            + " to fingerprint the code: " + e.getMessage(), e);
                }
            }
            classes.put(internalName, summary);
            return summary;
        }
    }
}
