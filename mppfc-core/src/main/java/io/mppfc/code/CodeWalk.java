package io.mppfc.code;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
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
    private final Set<String> reached = new LinkedHashSet<>();
    private final ArrayDeque<String[]> queue = new ArrayDeque<>();
    /** Classes the reached code can create instances of, in the order it was found to. */
    private final Set<String> instantiated = new LinkedHashSet<>();
    /** Virtual calls through the user's own types, in the order they were reached. */
    private final Set<MethodSummary.Call> virtualCalls = new LinkedHashSet<>();
    private final MessageDigest digest;

    CodeWalk(ClassLoader loader, OwnCode ownCode, Scheme scheme) {
        this.loader = loader;
        this.ownCode = ownCode;
        this.typeAnalysis = scheme == Scheme.V2;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        digest.update(scheme.id.getBytes(StandardCharsets.UTF_8));
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

    /** A call through a type of the user's: every instantiated subtype's implementation may run. */
    private void dispatch(MethodSummary.Call call) {
        if (summary(call.owner()) == null || !virtualCalls.add(call)) {
            return; // through a JDK or library type: instantiate reaches what a library may call
        }
        for (String created : List.copyOf(instantiated)) {
            if (subtype(created, call.owner())) {
                resolve(created, call.name(), call.descriptor());
            }
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
        for (MethodSummary.Call call : List.copyOf(virtualCalls)) {
            if (subtype(className, call.owner())) {
                resolve(className, call.name(), call.descriptor());
            }
        }
        for (String type : outsideSupertypes(className)) {
            ClassSummaries.Outside library = outside(type);
            if (library == null) {
                reachEveryOverridable(className); // a type that cannot be read: whatever it may call
                continue;
            }
            for (String method : library.overridable()) {
                int paren = method.indexOf('(');
                resolve(className, method.substring(0, paren), method.substring(paren));
            }
        }
    }

    private void reachEveryOverridable(String className) {
        for (String c = className; c != null && summary(c) != null; c = summary(c).superName()) {
            List<String> names = new ArrayList<>(summary(c).methods().keySet());
            names.sort(null);
            for (String method : names) {
                if (summary(c).methods().get(method).overridable() && !method.startsWith("<")) {
                    int paren = method.indexOf('(');
                    resolve(className, method.substring(0, paren), method.substring(paren));
                }
            }
        }
    }

    /** Whether {@code className} (own code) is {@code type} or extends or implements it within own code. */
    private boolean subtype(String className, String type) {
        ArrayDeque<String> pending = new ArrayDeque<>(List.of(className));
        Set<String> seen = new java.util.HashSet<>();
        while (!pending.isEmpty()) {
            String c = pending.poll();
            if (c.equals(type)) {
                return true;
            }
            ClassSummary summary = seen.add(c) ? summary(c) : null;
            if (summary != null) {
                if (summary.superName() != null) {
                    pending.add(summary.superName());
                }
                pending.addAll(summary.interfaces());
            }
        }
        return false;
    }

    /** The JDK's and libraries' types a class of the user's extends or implements directly or through its own types. */
    private List<String> outsideSupertypes(String className) {
        Set<String> found = new LinkedHashSet<>();
        ArrayDeque<String> pending = new ArrayDeque<>(List.of(className));
        Set<String> seen = new java.util.HashSet<>();
        while (!pending.isEmpty()) {
            String c = pending.poll();
            if (!seen.add(c)) {
                continue;
            }
            ClassSummary summary = summary(c);
            if (summary == null) {
                found.add(c);
                continue;
            }
            pending.add(summary.superName() == null ? "java/lang/Object" : summary.superName());
            pending.addAll(summary.interfaces());
        }
        return List.copyOf(found);
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
            ClassSummaries.Outside read = ClassSummaries.readOutside(ClassSummaries.readable(bytes));
            if ("jrt".equals(url.getProtocol())) {
                JDK_TYPES.put(type, read);
            }
            return read;
        } catch (IOException | RuntimeException e) {
            return null; // unreadable: the caller assumes the worst
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
