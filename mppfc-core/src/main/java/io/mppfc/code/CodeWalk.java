package io.mppfc.code;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One fingerprint: the walk from a method through everything of the user's code it can reach,
 * hashing each method reached in the order it is reached.
 *
 * <p>Virtual and interface calls are resolved by rapid type analysis (as ProGuard and GraalVM's
 * points-to analysis do, kept simple): a call reaches the implementation the named class has or
 * inherits, and that of every class the reached code instantiates ({@code new}, constructor
 * references, enum constants and their bodies, objects made by static initialisers) that is a
 * subtype of the named class. An instantiated class's overrides of the methods of the JDK's or
 * a library's types it extends or implements ({@code Comparator.compare}, {@code Runnable.run},
 * {@code toString}) are reached too, as the library may call them.
 */
final class CodeWalk {

    /** The JDK's classes cannot change while a JVM runs: read once per JVM. */
    private static final Map<String, ClassSummaries.Outside> JDK_TYPES = new ConcurrentHashMap<>();

    private final ClassLoader loader;
    private final OwnCode ownCode;
    /** How calls are followed and methods written; scheme 1 only to check a version an earlier mppfc recorded. */
    enum Scheme {
        /** mppfc 0.2: a call reaches the named class's implementation only; fixed-width fields. */
        V1("mppfc-code/1"),
        /** Rapid type analysis, and the compact canonical form. */
        V2("mppfc-code/2");

        final String id;

        Scheme(String id) {
            this.id = id;
        }
    }

    private final boolean typeAnalysis;
    /** A null value: not own code, or no class file. */
    private final Map<String, ClassSummary> classes = new HashMap<>();
    /** The bytes of every own class read, to tell later whether they changed. */
    final Map<String, byte[]> classFiles = new HashMap<>();
    /** Where every class consulted was found ("" for nowhere or the JDK): what decided whether it is own. */
    final Map<String, String> roots = new HashMap<>();
    private final Map<String, ClassSummaries.Outside> outside = new HashMap<>();
    /** Every method reached, by identity: each is one summary of one class read once. */
    private final Set<MethodSummary> reached = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final ArrayDeque<Reached> queue = new ArrayDeque<>();
    /** Classes the reached code can create instances of. */
    private final Set<String> instantiated = new java.util.HashSet<>();
    /** By own type: the instantiated classes that are it or a subtype of it, in the order found. */
    private final Map<String, List<String>> instancesOf = new HashMap<>();
    /** Virtual calls through the user's own types reached so far. */
    private final Set<MethodSummary.Call> virtualCalls = new java.util.HashSet<>();
    /** The same calls by the type they name, each list in the order reached, with its place in that order. */
    private final Map<String, List<Numbered>> callsThrough = new HashMap<>();
    /** By class: its name as the digest takes it, encoded once. */
    private final Map<String, byte[]> ownerNames = new HashMap<>();
    private final Sha256 digest = new Sha256();

    CodeWalk(ClassLoader loader, OwnCode ownCode, Scheme scheme) {
        this.loader = loader;
        this.ownCode = ownCode;
        this.typeAnalysis = scheme == Scheme.V2;
        digest.update(scheme.id.getBytes(StandardCharsets.UTF_8));
    }

    /** A method reached: its class, and its summary in that class. */
    private record Reached(String owner, MethodSummary body) {
    }

    CodeFingerprint run(String owner, String name, String descriptor) {
        ClassSummary root = summary(owner);
        String method = name.concat(descriptor);
        if (root == null || !root.has(method)) {
            throw new CodeNotReadableException(owner.replace('/', '.'), loader);
        }
        reach(owner, root, method);
        reachInitialiser(owner);
        while (!queue.isEmpty()) {
            Reached next = queue.poll();
            MethodSummary body = next.body();
            digest.update(ownerNames.computeIfAbsent(next.owner(),
                    o -> ClassSummaries.stableText(o).getBytes(StandardCharsets.UTF_8)));
            digest.update(body.canonical());
            for (MethodSummary.Call call : body.calls()) {
                resolve(call.owner(), call.method());
                if (call.virtual() && typeAnalysis) {
                    dispatch(call);
                }
            }
            for (String initialised : body.initialises()) {
                reachInitialiser(initialised);
            }
            if (typeAnalysis) {
                for (String created : body.instantiates()) {
                    instantiate(created);
                }
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

    /** {@code method} ({@code name + descriptor}) of {@code owner}, whose summary has it. */
    private void reach(String owner, ClassSummary summary, String method) {
        MethodSummary body = summary.method(method);
        if (reached.add(body)) {
            queue.add(new Reached(owner, body));
        }
    }

    private void reachInitialiser(String owner) {
        ClassSummary summary = summary(owner);
        if (summary != null && summary.has(INITIALISER)) {
            reach(owner, summary, INITIALISER);
        }
    }

    private static final String INITIALISER = "<clinit>()V";

    /** A virtual call and its place among those reached. */
    private record Numbered(int number, MethodSummary.Call call) implements Comparable<Numbered> {
        @Override
        public int compareTo(Numbered other) {
            return Integer.compare(number, other.number);
        }
    }

    /** A call through a type of the user's: every instantiated subtype's implementation may run. */
    private void dispatch(MethodSummary.Call call) {
        if (summary(call.owner()) == null || !virtualCalls.add(call)) {
            return; // through a JDK or library type: instantiate reaches what a library may call
        }
        callsThrough.computeIfAbsent(call.owner(), t -> new ArrayList<>()).add(new Numbered(virtualCalls.size(), call));
        for (String created : instancesOf.getOrDefault(call.owner(), List.of())) {
            resolve(created, call.method());
        }
    }

    private void instantiate(String className) {
        ClassSummary summary = summary(className);
        if (summary == null || !instantiated.add(className)) {
            return;
        }
        // the JVM initialises the superclasses of a class it initialises
        for (String c = summary.superName(); c != null && summary(c) != null; c = summary(c).superName()) {
            reachInitialiser(c);
        }
        Set<String> ownTypes = new java.util.HashSet<>();
        List<String> outsideTypes = new ArrayList<>();
        supertypes(className, ownTypes, outsideTypes);
        // the calls through any of its types, in the order they were reached
        List<Numbered> calls = new ArrayList<>();
        for (String type : ownTypes) {
            calls.addAll(callsThrough.getOrDefault(type, List.of()));
        }
        calls.sort(null);
        for (Numbered call : calls) {
            resolve(className, call.call().method());
        }
        for (String type : ownTypes) {
            instancesOf.computeIfAbsent(type, t -> new ArrayList<>()).add(className);
        }
        for (String type : outsideTypes) {
            ClassSummaries.Outside library = outside(type);
            if (library == null) {
                reachEveryOverridable(className); // a type that cannot be read: whatever it may call
                continue;
            }
            for (String method : library.overridable()) {
                resolve(className, method);
            }
        }
    }

    private void reachEveryOverridable(String className) {
        for (String c = className; c != null && summary(c) != null; c = summary(c).superName()) {
            List<String> names = new ArrayList<>(summary(c).methods());
            names.sort(null);
            for (String method : names) {
                if (summary(c).overridable(method) && !method.startsWith("<")) {
                    resolve(className, method);
                }
            }
        }
    }

    /**
     * The types a class of the user's is: itself and its own supertypes into {@code own}, and the
     * JDK's and libraries' types it extends or implements directly or through its own types into
     * {@code outsideTypes}, nearest first.
     */
    private void supertypes(String className, Set<String> own, List<String> outsideTypes) {
        ArrayDeque<String> pending = new ArrayDeque<>();
        pending.add(className);
        Set<String> seen = new java.util.HashSet<>();
        while (!pending.isEmpty()) {
            String c = pending.poll();
            if (!seen.add(c)) {
                continue;
            }
            ClassSummary summary = summary(c);
            if (summary == null) {
                outsideTypes.add(c);
                continue;
            }
            own.add(c);
            pending.add(summary.superName() == null ? "java/lang/Object" : summary.superName());
            pending.addAll(summary.interfaces());
        }
    }

    /** What a subclass could override in a type outside the user's code and its supertypes; null if unreadable. */
    private ClassSummaries.Outside outside(String type) {
        if (outside.containsKey(type)) {
            return outside.get(type);
        }
        outside.put(type, null); // a hierarchy that loops (no valid class file's does) ends as unreadable
        ClassSummaries.Outside merged = null;
        ClassSummaries.Outside own = declared(type);
        if (own != null) {
            Set<String> methods = new LinkedHashSet<>(own.overridable());
            List<String> supers = new ArrayList<>(own.interfaces());
            if (own.superName() != null) {
                supers.add(0, own.superName());
            }
            boolean complete = true;
            for (String s : supers) {
                ClassSummaries.Outside inherited = outside(s);
                if (inherited == null) {
                    complete = false;
                    break;
                }
                methods.addAll(inherited.overridable());
            }
            merged = complete ? new ClassSummaries.Outside(own.superName(), own.interfaces(), List.copyOf(methods))
                    : null;
        }
        outside.put(type, merged);
        return merged;
    }

    private ClassSummaries.Outside declared(String type) {
        ClassSummaries.Outside known = JDK_TYPES.get(type);
        if (known != null) {
            return known;
        }
        URL url = loader.getResource(type + ".class");
        if (url == null) {
            url = ClassLoader.getSystemResource(type + ".class");
        }
        try {
            byte[] bytes = ClassFiles.read(url);
            if (bytes == null) {
                return null;
            }
            ClassSummaries.Outside read = ClassSummaries.readOutside(bytes);
            if ("jrt".equals(url.getProtocol())) {
                JDK_TYPES.put(type, read);
            }
            return read;
        } catch (IOException | RuntimeException e) {
            return null; // unreadable: the caller assumes the worst
        }
    }

    /** The implementation a call runs when the receiver is of the named class (not a subclass). */
    private void resolve(String owner, String method) {
        for (String c = owner; c != null; ) {
            ClassSummary summary = summary(c);
            if (summary == null) {
                return; // into the JDK or a library: their code is a fixed dependency
            }
            if (summary.has(method)) {
                reach(c, summary, method);
                return;
            }
            if (resolveDefault(summary.interfaces(), method)) {
                return;
            }
            c = summary.superName();
        }
    }

    private boolean resolveDefault(List<String> interfaces, String method) {
        for (String i : interfaces) {
            ClassSummary summary = summary(i);
            if (summary == null) {
                continue;
            }
            if (summary.has(method)) {
                reach(i, summary, method);
                return true;
            }
            if (resolveDefault(summary.interfaces(), method)) {
                return true;
            }
        }
        return false;
    }

    private ClassSummary summary(String internalName) {
        ClassSummary known = classes.get(internalName);
        if (known != null || classes.containsKey(internalName)) {
            return known;
        }
        ClassSummary summary = null;
        URL location = ClassFiles.locate(loader, internalName);
        roots.put(internalName, ClassFiles.root(location, internalName));
        if (ownCode.includes(internalName, location)) {
            try {
                byte[] bytes = ClassFiles.read(location);
                summary = bytes == null ? null : ClassSummaries.read(bytes, typeAnalysis);
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
