package io.mppfc.worker;

import io.mppfc.pool.WorkerLogging;
import java.util.ServiceLoader;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The logging of a worker JVM whose classpath has no SLF4J provider: warnings and errors as
 * plain lines on stderr, which the coordinator forwards. Chosen only there, by
 * {@link WorkerMain}; never found by {@code ServiceLoader}, so it binds nothing in the user's
 * own JVM. Not an API.
 */
public final class StderrLoggingProvider implements SLF4JServiceProvider {

    private static final String SLF4J_PROVIDER = "slf4j.provider";
    private static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";

    private final ILoggerFactory loggers = StderrLogger::new;
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    /** Made by SLF4J, by name. */
    public StderrLoggingProvider() {
    }

    /**
     * Chooses this provider for the JVM unless another one is on the classpath; call before any
     * logger exists. The coordinator names the classpath's provider when the classpath is its own
     * ({@link WorkerLogging#PROVIDER_PROPERTY}): it is bound by name then, if its class is here,
     * and {@code ServiceLoader} (which opens every jar) is asked only otherwise.
     */
    static void installIfNoneIsBound() {
        if (System.getProperty(SLF4J_PROVIDER) != null) {
            return; // the user's choice
        }
        String named = System.getProperty(WorkerLogging.PROVIDER_PROPERTY);
        if (named != null && named.isEmpty()) {
            bind(StderrLoggingProvider.class.getName());
        } else if (named != null && isProvider(named)) {
            bind(named);
        } else if (!ServiceLoader.load(SLF4JServiceProvider.class).iterator().hasNext()) {
            bind(StderrLoggingProvider.class.getName());
        }
    }

    /** SLF4J says at its INFO level that it loads a provider by name: a line on every worker's start. */
    private static void bind(String provider) {
        System.setProperty(SLF4J_PROVIDER, provider);
        if (System.getProperty(SLF4J_VERBOSITY) == null) {
            System.setProperty(SLF4J_VERBOSITY, "WARN");
        }
    }

    /** Whether {@code name} is an SLF4J provider this JVM can load: a class from class data is found without opening a jar. */
    private static boolean isProvider(String name) {
        try {
            return SLF4JServiceProvider.class.isAssignableFrom(
                    Class.forName(name, false, StderrLoggingProvider.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up: each line goes straight to stderr
    }

    private static final class StderrLogger extends LegacyAbstractLogger {

        private static final long serialVersionUID = 1L;

        StderrLogger(String name) {
            this.name = name;
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                Throwable throwable) {
            String text = MessageFormatter.basicArrayFormat(pattern, arguments);
            // slf4j-simple's default form, which the coordinator knows and forwards once, at this level
            String thread = Thread.currentThread().getName().replace(']', ')');
            System.err.println("[" + thread + "] " + level + " " + name + " - " + text);
            if (throwable != null) {
                System.err.print(Worker.trace(throwable)); // bounded: a function may log any exception
            }
        }
    }
}
