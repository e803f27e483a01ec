package io.mppfc.worker;

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

    private final ILoggerFactory loggers = StderrLogger::new;
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    /** Made by SLF4J, by name. */
    public StderrLoggingProvider() {
    }

    /** Chooses this provider for the JVM unless another one is on the classpath; call before any logger exists. */
    static void installIfNoneIsBound() {
        if (System.getProperty("slf4j.provider") != null
                || java.util.ServiceLoader.load(SLF4JServiceProvider.class).iterator().hasNext()) {
            return;
        }
        System.setProperty("slf4j.provider", StderrLoggingProvider.class.getName());
        System.setProperty("slf4j.internal.verbosity", "WARN");
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
