package io.mppfc.code;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A better analysis gives the same code new versions; the results an earlier mppfc stored
 * under the old version are still right for class files that have not changed. A version an
 * earlier mppfc recorded is adopted when every class file the new analysis reads is one it
 * recorded, byte for byte (by SHA-256), and the version it recorded is what its own analysis
 * gives these classes: its records carry no check of their own, so an edited version line is
 * caught by computing it again, once, at the upgrade.
 */
final class EarlierVersions {

    /** mppfc 0.2: the named class's implementation only, records of format 1. */
    static final String SCHEME_1 = CodeWalk.Scheme.V1.id;

    private EarlierVersions() {
    }

    /**
     * The fingerprint with the earlier version if one is adoptable, else the fingerprint as it is.
     *
     * @param previous this function's record as kept (null if none), whatever its class files: a
     *     version it adopted stays adopted for code the analysis of today gives the same version
     *     (a comment added since), as the earlier analysis would have kept it too
     */
    static CodeFingerprint adopt(CodeFingerprint fresh, Map<String, byte[]> freshFiles,
            FingerprintStore.Kept previous, Path store, String key, String internalName, String methodName,
            String descriptor, ClassLoader loader) {
        if (previous != null && fresh.version().equals(previous.analysed())) {
            return new CodeFingerprint(previous.version(), fresh.ownClasses(), fresh.methods(), fresh.classFiles());
        }
        FingerprintStore.Kept earlier = FingerprintStore.readFormat1(store, SCHEME_1, key);
        if (earlier == null || earlier.version().equals(fresh.version())) {
            return fresh;
        }
        for (Map.Entry<String, byte[]> file : freshFiles.entrySet()) {
            FingerprintStore.ClassLine line = earlier.classes().get(file.getKey());
            if (file.getValue() != null && (line == null || line.digest() == null
                    || !line.digest().equals(FingerprintStore.hex(file.getValue())))) {
                return fresh; // a class file read now that the earlier version was not made of
            }
        }
        java.util.Set<String> earlierOwn = new java.util.HashSet<>();
        for (Map.Entry<String, FingerprintStore.ClassLine> line : earlier.classes().entrySet()) {
            if (line.getValue().digest() != null) {
                try {
                    byte[] now = ClassFiles.read(loader, line.getKey());
                    if (!line.getValue().digest().equals(FingerprintStore.hex(now))) {
                        return fresh;
                    }
                } catch (IOException e) {
                    return fresh;
                }
                earlierOwn.add(line.getKey());
            }
        }
        String recomputed;
        try {
            recomputed = new CodeWalk(loader, OwnCode.exactly(earlierOwn), CodeWalk.Scheme.V1)
                    .run(internalName, methodName, descriptor).version();
        } catch (RuntimeException e) {
            return fresh;
        }
        if (!recomputed.equals(earlier.version())) {
            return fresh; // the record was edited, or is not of these classes
        }
        return new CodeFingerprint(earlier.version(), fresh.ownClasses(), fresh.methods(), fresh.classFiles());
    }
}
