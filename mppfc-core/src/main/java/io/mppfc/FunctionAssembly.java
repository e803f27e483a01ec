package io.mppfc;

import io.mppfc.cache.CacheMarker;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.CodeVersions;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.DiskCache;
import io.mppfc.cache.failure.FailureRecords;
import io.mppfc.cache.pack.PackedLookups;
import io.mppfc.cache.codec.ValueCodec;
import io.mppfc.code.CodeFingerprint;
import io.mppfc.footprint.Footprint;
import io.mppfc.function.FunctionInvoker;
import io.mppfc.function.FunctionKeys;
import io.mppfc.function.FunctionNames;
import io.mppfc.pool.WorkerSpec;
import io.mppfc.protocol.Messages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Makes a cached function from a builder's settings: the code fingerprint, the cache
 * directory of that code version, the keys, the failure records, and what workers are told.
 * The builder is read once, here; nothing of it is kept.
 */
final class FunctionAssembly<F> {

    private final CacheSettings<F> settings;

    FunctionAssembly(CacheSettings<F> settings) {
        this.settings = settings;
    }

    F build() {
        String functionName = FunctionNames.directoryName(settings.ref, settings.name, settings.includeClassName);
        if (settings.group != null) {
            TeamCache.prepare(settings); // before the fingerprint's thread makes anything in the root
        }
        // the code is fingerprinted, and the codec sets itself up, each on a thread of its own,
        // while the rest is prepared here: a fresh JVM's first fingerprint loads and warms ASM
        CompletableFuture<CodeFingerprint> fingerprinting = settings.trackCode ? CompletableFuture.supplyAsync(
                () -> CodeFingerprint.ofFunction(settings.ref.className(), settings.ref.methodName(),
                        settings.ref.descriptor(), settings.loader, settings.ownPackages, settings.path.resolve(".code"),
                        !settings.readOnly),
                task -> {
                    Thread thread = new Thread(task, "mppfc-fingerprint");
                    thread.setDaemon(true);
                    thread.start();
                }) : CompletableFuture.completedFuture(CodeFingerprint.UNTRACKED);
        FunctionInvoker invoker;
        ClassAllowList allowList;
        ValueCodec values;
        FunctionKeys keys;
        try {
            invoker = FunctionInvoker.bind(settings.ref, settings.loader);
            allowList = ClassAllowList.JDK_VALUES
                    .plus(ReturnTypes.allowList(invoker.genericReturnType()))
                    .plus(new ClassAllowList(settings.allowedClasses, settings.allowedPackages));
            values = Codecs.create(settings.codec, allowList, invoker.returnClass());
            keys = new FunctionKeys(settings.ref, settings.version);
        } catch (RuntimeException | Error e) {
            // a refused build returns once the fingerprint's thread is done with the cache directory:
            // it writes there, and nothing may change the directory after build() has thrown
            fingerprinting.handle((code, failure) -> code).join();
            throw e;
        }
        CodeFingerprint code = CachedCalls.join(fingerprinting);
        String directoryName = CodeVersions.directoryName(functionName, code.version());
        DiskCache cache;
        try {
            Path directory = settings.path.resolve(directoryName);
            cache = (settings.readOnly ? DiskCache.openReadOnly(directory, values, allowList, settings.shared != null)
                    : DiskCache.open(directory, values, allowList, settings.durable, settings.strictPermissions))
                    .expecting(invoker.returnClass()).compressing(settings.compressionLevel).keyedBy(keys::ofFootprint);
            if (!settings.readOnly) {
                CodeVersions.recordUse(directory);
                if (settings.cacheDirTag) {
                    CacheMarker.tagForBackupTools(settings.path);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        FailureRecords failures = new FailureRecords(cache.directory(), settings.readOnly).keyedBy(keys::ofFootprint);
        if (settings.shared != null) {
            // lookups in the store's packs too, for this function
            io.mppfc.cache.SharedTier tier = new io.mppfc.cache.SharedTier(PackedLookups.over(settings.shared), cache,
                    directoryName, keys::ofFootprint);
            cache.share(tier);
            failures.shareThrough(tier, cache);
        }
        CachedCalls.LocalCall call = settings.local != null ? settings.local : reflective(invoker);
        Workers workers = workers(functionName, cache, allowList, code, failures, invoker.returnClass(),
                invoker.signatureClasses());
        return settings.product.make(new CachedCalls<>(functionName, call, cache, keys, workers,
                new KnownFailures(functionName, failures, settings.skipKnownFailures, settings.loader),
                settings.staleAfter),
                invoker);
    }


    /** What a worker needs; the captured values must survive the trip as footprints. */
    private Workers workers(String directoryName, DiskCache cache, ClassAllowList allowList, CodeFingerprint code,
            FailureRecords failures, Class<?> resultType, List<Class<?>> signatureClasses) {
        if (settings.readOnly) {
            return new Workers(directoryName, null, settings.launcher, "the cache was opened readOnly(true)",
                    cache::isPresentSince, failures, ClassesForWorkers.NONE);
        }
        byte[] captured;
        try {
            captured = Footprint.ofArguments(settings.ref.captured().toArray());
            Footprint.loadArguments(captured);
        } catch (FootprintException e) {
            return new Workers(directoryName, null, settings.launcher, "its captured values cannot be sent to a worker ("
                    + e.getMessage() + "); use a static method", cache::isPresentSince, failures, ClassesForWorkers.NONE);
        }
        var ref = settings.ref;
        Messages.Hello hello = new Messages.Hello(Messages.PROTOCOL_VERSION, ref.className(), ref.methodName(),
                ref.descriptor(), ref.kind(), ref.argumentsAsArray(), captured, cache.directory().toString(), "", "",
                Codecs.id(settings.codec), settings.durable, List.copyOf(allowList.classes()),
                List.copyOf(allowList.packages()), 0, 1000, settings.compressionLevel, code.version(), code.ownClasses(),
                classFilesForWorkers(code), settings.resultsOverPipe);
        List<String> jvmOptions = new ArrayList<>(settings.workerJvmOptions);
        if (settings.codec == Codec.FST) {
            jvmOptions.addAll(0, Codec.FST_JVM_OPTIONS);
        }
        var startTimeout = settings.workerStartTimeout != null ? settings.workerStartTimeout
                : settings.launcher.defaultStartTimeout();
        var spec = new WorkerSpec(hello, jvmOptions, settings.workerClasspath, settings.maxRetries,
                settings.taskTimeout, startTimeout, Codecs.setUpAtStart(resultType), settings.failFast);
        return new Workers(directoryName, spec, settings.launcher, null, SharedUploadsOnDone.presence(cache), failures,
                new ClassesForWorkers(signatureClasses, settings.workerClasspath))
                .receivingInto((key, length, tempTag) -> cache.taggingTemps(tempTag).receive(key, length));
    }

    /** A worker compares its class files with these; beyond a few MB it fingerprints its own instead. */
    private static List<byte[]> classFilesForWorkers(CodeFingerprint code) {
        long total = 0;
        for (byte[] file : code.classFiles()) {
            total += file == null ? 0 : file.length;
        }
        return total > (8 << 20) ? List.of() : code.classFiles();
    }

    /** For a function known only by reference (a constructor given as {@code Serializable}, a settings.name). */
    private static CachedCalls.LocalCall reflective(FunctionInvoker invoker) {
        return arguments -> {
            try {
                return invoker.invoke(arguments);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        };
    }
}
