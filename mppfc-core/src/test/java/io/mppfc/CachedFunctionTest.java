package io.mppfc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedFunctionTest {

    static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    @TempDir
    Path root;

    @BeforeEach
    void resetCounters() {
        CALLS.clear();
    }

    static int calls(String name) {
        return CALLS.computeIfAbsent(name, n -> new AtomicInteger()).get();
    }

    static double square(double x) {
        CALLS.computeIfAbsent("square", n -> new AtomicInteger()).incrementAndGet();
        return x * x;
    }

    static String join(String a, int b, long c) {
        CALLS.computeIfAbsent("join", n -> new AtomicInteger()).incrementAndGet();
        return a + b + c;
    }

    static Object nothing(int x) {
        CALLS.computeIfAbsent("nothing", n -> new AtomicInteger()).incrementAndGet();
        return null;
    }

    static int failsChecked(int x) throws IOException {
        CALLS.computeIfAbsent("failsChecked", n -> new AtomicInteger()).incrementAndGet();
        throw new IOException("disk on fire for " + x);
    }

    static int failsUnchecked(int x) {
        throw new IllegalStateException("bad x " + x);
    }

    static double slowSquare(double x) throws InterruptedException {
        CALLS.computeIfAbsent("slowSquare", n -> new AtomicInteger()).incrementAndGet();
        Thread.sleep(200);
        return x * x;
    }

    static double sum(Object... xs) {
        double s = 0;
        for (Object x : xs) {
            s += ((Number) x).doubleValue();
        }
        return s;
    }

    record Point(double x, double y) {
    }

    record Model(int size, String label) {
        Model {
            CALLS.computeIfAbsent("Model", n -> new AtomicInteger()).incrementAndGet();
        }
    }

    static Point point(double x) {
        return new Point(x, -x);
    }

    private MultiProcCachedFunction1<Double, Double> squares() {
        return Mppfc.cache(CachedFunctionTest::square).path(root).build();
    }

    @Test
    void secondCallIsServedFromDiskWithoutComputing() {
        MultiProcCachedFunction1<Double, Double> f = squares();
        assertThat(f.apply(3.0)).isEqualTo(9.0);
        assertThat(f.apply(3.0)).isEqualTo(9.0);
        assertThat(calls("square")).isEqualTo(1);
    }

    @Test
    void aNewInstanceOfTheSameFunctionFindsTheEntries() {
        squares().apply(4.0);
        MultiProcCachedFunction1<Double, Double> again = squares();
        assertThat(again.cacheOnly(4.0)).isEqualTo(16.0);
        assertThat(calls("square")).isEqualTo(1);
    }

    @Test
    void cacheDirectoryIsNamedAfterClassMethodAndCodeVersion() {
        assertThat(squares().cacheDir().getParent()).isEqualTo(root.toAbsolutePath());
        assertThat(squares().cacheDir().getFileName().toString())
                .matches("io\\.mppfc\\.CachedFunctionTest\\.square@[0-9a-f]{16}");
        MultiProcCachedFunction1<Double, Double> bare = Mppfc.cache(CachedFunctionTest::square)
                .path(root).includeClassName(false).build();
        assertThat(bare.cacheDir().getFileName().toString()).matches("square@[0-9a-f]{16}");
        MultiProcCachedFunction1<Double, Double> untracked = Mppfc.cache(CachedFunctionTest::square)
                .path(root).trackCode(false).build();
        assertThat(untracked.cacheDir().getFileName()).hasToString("io.mppfc.CachedFunctionTest.square");
    }

    @Test
    void anEntryIsOneFileNamedByItsKeyInOneOf4096Directories() throws IOException {
        MultiProcCachedFunction1<Double, Double> f = squares();
        f.apply(2.0);
        try (Stream<Path> files = Files.walk(f.cacheDir())) {
            List<Path> entries = files.filter(Files::isRegularFile).filter(p -> !p.endsWith("layout"))
                    .filter(p -> !p.endsWith("last-used")).filter(p -> !p.endsWith("in-use")).toList();
            assertThat(entries).hasSize(1);
            Path relative = f.cacheDir().relativize(entries.get(0));
            assertThat(relative.getNameCount()).isEqualTo(2);
            assertThat(relative.getName(0).toString()).matches("[0-9a-f]{3}");
            assertThat(relative.getName(1).toString()).matches("[0-9a-f]{64}").startsWith(relative.getName(0).toString());
        }
        assertThat(f.cacheDir().resolve("layout")).hasContent("mppfc cache layout 2");
    }

    @Test
    void hasKeyCacheOnlyAndCalculationTimeReportWhatIsStored() {
        MultiProcCachedFunction1<Double, Double> f = Mppfc.cache(CachedFunctionTest::slowSquare).path(root).build();
        assertThat(f.hasKey(5.0)).isFalse();
        assertThatThrownBy(() -> f.cacheOnly(5.0)).isInstanceOf(CacheMissException.class)
                .hasMessageContaining("slowSquare(5.0)");
        assertThatThrownBy(() -> f.calculationTime(5.0)).isInstanceOf(CacheMissException.class);
        f.apply(5.0);
        assertThat(f.hasKey(5.0)).isTrue();
        assertThat(f.cacheOnly(5.0)).isEqualTo(25.0);
        assertThat(f.calculationTime(5.0)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
    }

    @Test
    void updateRecomputesAndNoCacheNeverTouchesTheDisk() {
        MultiProcCachedFunction1<Double, Double> f = squares();
        f.apply(1.5);
        assertThat(f.update(1.5)).isEqualTo(2.25);
        assertThat(calls("square")).isEqualTo(2);
        assertThat(f.noCache(7.0)).isEqualTo(49.0);
        assertThat(f.hasKey(7.0)).isFalse();
    }

    @Test
    void setResultRefusesToOverwriteUnlessAsked() {
        MultiProcCachedFunction1<Double, Double> f = squares();
        f.setResult(100.0, 10.0);
        assertThat(f.apply(10.0)).isEqualTo(100.0);
        assertThat(calls("square")).isZero();
        assertThatThrownBy(() -> f.setResult(-1.0, 10.0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already cached").hasMessageContaining("overwrite");
        assertThat(f.cacheOnly(10.0)).isEqualTo(100.0);
        f.setResult(-1.0, true, 10.0);
        assertThat(f.cacheOnly(10.0)).isEqualTo(-1.0);
    }

    @Test
    void nullResultIsCachedAndDistinctFromAMiss() {
        MultiProcCachedFunction1<Integer, Object> f = Mppfc.cache(CachedFunctionTest::nothing).path(root).build();
        assertThat(f.apply(1)).isNull();
        assertThat(f.apply(1)).isNull();
        assertThat(f.hasKey(1)).isTrue();
        assertThat(calls("nothing")).isEqualTo(1);
    }

    @Test
    void checkedExceptionArrivesWrappedAndNothingIsCached() {
        MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(CachedFunctionTest::failsChecked).path(root).build();
        assertThatThrownBy(() -> f.apply(3)).isInstanceOfSatisfying(ErroneousFunctionCall.class, e -> {
            assertThat(e.exceptionClass()).isEqualTo("java.io.IOException");
            assertThat(e.exceptionMessage()).isEqualTo("disk on fire for 3");
            assertThat(e.remoteStackTrace()).contains("failsChecked");
            assertThat(e).hasMessageContaining("failsChecked(3)").hasCauseInstanceOf(IOException.class);
        });
        assertThat(f.hasKey(3)).isFalse();
        assertThatThrownBy(() -> f.apply(3)).isInstanceOf(ErroneousFunctionCall.class);
        assertThat(calls("failsChecked")).isEqualTo(2);
    }

    @Test
    void uncheckedExceptionPropagatesUnchanged() {
        MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(CachedFunctionTest::failsUnchecked).path(root).build();
        assertThatThrownBy(() -> f.apply(3)).isExactlyInstanceOf(IllegalStateException.class).hasMessage("bad x 3");
    }

    @Test
    void argumentsOfDifferentTypesAreDifferentKeys() {
        MultiProcCachedFunction1<Object, Object> identity = Mppfc.cache((Fn1<Object, Object>) x -> x)
                .name("identity").path(root).build();
        identity.apply(1);
        assertThat(identity.hasKey(1)).isTrue();
        assertThat(identity.hasKey(1L)).isFalse();
        assertThat(identity.hasKey(1.0)).isFalse();
        assertThat(identity.cacheOnly(1)).isEqualTo(1);
    }

    @Test
    void severalArgumentsAndVarargsFunctions() {
        MultiProcCachedFunction3<String, Integer, Long, String> f =
                Mppfc.cache(CachedFunctionTest::join).path(root).build();
        assertThat(f.apply("a", 1, 2L)).isEqualTo("a12");
        assertThat(f.apply("a", 1, 2L)).isEqualTo("a12");
        assertThat(calls("join")).isEqualTo(1);
        MultiProcCachedFunctionN<Double> s = Mppfc.cacheVarargs(CachedFunctionTest::sum).path(root).build();
        assertThat(s.apply(1, 2.5, 3L)).isEqualTo(6.5);
        assertThat(s.hasKey(1, 2.5, 3L)).isTrue();
        assertThat(s.hasKey(1, 2.5)).isFalse();
    }

    @Test
    void recordResultsRoundTrip() {
        MultiProcCachedFunction1<Double, Point> f = Mppfc.cache(CachedFunctionTest::point).path(root).build();
        f.apply(2.0);
        assertThat(Mppfc.cache(CachedFunctionTest::point).path(root).build().cacheOnly(2.0)).isEqualTo(new Point(2, -2));
    }

    @Test
    void lambdaWithoutStableNameIsRefused() {
        assertThatThrownBy(() -> Mppfc.cache((Fn1<Integer, Integer>) x -> x + 1).path(root).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lambda").hasMessageContaining(".name(");
    }

    @Test
    void valuesCapturedByALambdaArePartOfTheKey() {
        int offset = 10;
        int other = 20;
        MultiProcCachedFunction1<Integer, Integer> plus10 = Mppfc.cache((Fn1<Integer, Integer>) x -> x + offset)
                .name("plus").path(root).build();
        MultiProcCachedFunction1<Integer, Integer> plus20 = Mppfc.cache((Fn1<Integer, Integer>) x -> x + other)
                .name("plus").path(root).build();
        assertThat(plus10.apply(1)).isEqualTo(11);
        assertThat(plus20.apply(1)).isEqualTo(21);
        assertThat(plus10.cacheOnly(1)).isEqualTo(11);
    }

    @Test
    void capturedValueThatCannotBeKeyedIsRefusedAtBuild() {
        Thread thread = Thread.currentThread();
        assertThatThrownBy(() -> Mppfc.cache((Fn1<Integer, String>) x -> thread.getName() + x)
                .name("threadName").path(root).build())
                .hasMessageContaining("captures").hasMessageContaining("java.lang.Thread");
    }

    @Test
    void aRefusedBuildChangesNothingAfterItThrew() throws Exception {
        Thread thread = Thread.currentThread();
        assertThatThrownBy(() -> Mppfc.cache((Fn1<Integer, String>) x -> thread.getName() + x)
                .name("refused").path(root).build()).hasMessageContaining("captures");
        List<String> rightAfter = filesUnder(root);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("mppfc-fingerprint")) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
        assertThat(filesUnder(root)).isEqualTo(rightAfter);
    }

    private static List<String> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(p -> dir.relativize(p) + " " + p.toFile().length()).sorted().toList();
        }
    }

    @Test
    void versionSaltGivesAFreshKeySpace() {
        Mppfc.cache(CachedFunctionTest::square).path(root).version("v1").build().apply(3.0);
        MultiProcCachedFunction1<Double, Double> v2 = Mppfc.cache(CachedFunctionTest::square).path(root).version("v2").build();
        assertThat(v2.hasKey(3.0)).isFalse();
        assertThat(Mppfc.cache(CachedFunctionTest::square).path(root).version("v1").build().hasKey(3.0)).isTrue();
    }

    @Test
    void unsupportedArgumentIsRefusedWithItsPath() {
        MultiProcCachedFunction1<Object, Object> f = Mppfc.cache((Fn1<Object, Object>) x -> x).name("id").path(root).build();
        assertThatThrownBy(() -> f.apply(Map.of("a", List.of(1, 2, 3, Thread.currentThread()))))
                .isInstanceOf(io.mppfc.FootprintException.class)
                .hasMessage("argument 1 \u2192 map value for key \"a\" \u2192 element 3: java.lang.Thread is not supported; "
                        + "use a record, a supported collection, or implement io.mppfc.Footprinted");
    }

    @Test
    void concurrentCallsForOneMissingKeyComputeItOnce() throws Exception {
        MultiProcCachedFunction1<Double, Double> f = Mppfc.cache(CachedFunctionTest::slowSquare).path(root).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Double>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    return f.apply(thread % 2 == 0 ? 3.0 : 4.0);
                }));
            }
            start.countDown();
            for (int t = 0; t < 8; t++) {
                assertThat(results.get(t).get(30, TimeUnit.SECONDS)).isEqualTo(t % 2 == 0 ? 9.0 : 16.0);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(calls("slowSquare")).isEqualTo(2);
        assertThat(f.cacheOnly(3.0)).isEqualTo(9.0);
        assertThat(f.cacheOnly(4.0)).isEqualTo(16.0);
    }

    @Test
    void cachedConstructionBuildsEachInstanceOnce() {
        CachedConstruction<Model> models = Mppfc.construct(Model::new).path(root).build();
        assertThat(models.instance(3, "fine")).isEqualTo(new Model(3, "fine"));
        int afterFirst = calls("Model");
        assertThat(models.instance(3, "fine")).isEqualTo(new Model(3, "fine"));
        // the codec rebuilds a record through its constructor; what matters is it is not recomputed by us
        assertThat(models.hasInstance(3, "fine")).isTrue();
        assertThat(models.cacheDir().getFileName().toString()).matches(".*Model\\.new@[0-9a-f]{16}");
        assertThatThrownBy(() -> models.instance(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("takes 2 arguments, got 1");
        assertThat(afterFirst).isPositive();
    }

    @Test
    void constructRefusesAMethodReference() {
        assertThatThrownBy(() -> Mppfc.construct((Fn1<Double, Double>) CachedFunctionTest::square))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a constructor reference");
    }

    @Test
    void badOptionsAreRefusedWhereTheyAreSet() {
        CacheBuilder<MultiProcCachedFunction1<Double, Double>> b = Mppfc.cache(CachedFunctionTest::square);
        assertThatThrownBy(() -> b.name("../etc")).hasMessageContaining("\"../etc\" is not allowed");
        assertThatThrownBy(() -> b.name("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.allowPackages("com..acme")).hasMessageContaining("not a package name");
        assertThatThrownBy(() -> b.path(null)).hasMessageContaining("path must not be null");
        assertThatThrownBy(() -> b.version(null)).hasMessageContaining("version");
    }
}
