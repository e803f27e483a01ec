package io.mppfc.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Slurm cluster and sshd that {@code scripts/test-cluster/setup} started for this build, as
 * its properties file describes them. Tests using it are skipped, saying why, when the cluster
 * cannot run here (not root, no packages); they fail when setup tried and broke.
 */
final class TestCluster implements ExecutionCondition {

    private static final String PROPERTY = "mppfc.testCluster";

    private final Properties properties;

    private TestCluster(Properties properties) {
        this.properties = properties;
    }

    static TestCluster get() {
        String file = System.getProperty(PROPERTY);
        Properties properties = new Properties();
        if (file != null && Files.isRegularFile(Path.of(file))) {
            try (Reader in = Files.newBufferedReader(Path.of(file))) {
                properties.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e, e);
            }
        } else {
            properties.setProperty("status", "skipped");
            properties.setProperty("reason", "no test cluster: scripts/test-cluster/setup did not run (the cluster "
                    + "tests run in mvn verify, which runs it)");
        }
        return new TestCluster(properties);
    }

    /** Used as {@code @ExtendWith(TestCluster.class)}. */
    TestCluster() {
        this(get().properties);
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String status = properties.getProperty("status");
        String reason = properties.getProperty("reason");
        if ("skipped".equals(status)) {
            System.err.println("cluster tests skipped: " + reason);
            return ConditionEvaluationResult.disabled("cluster tests skipped: " + reason);
        }
        if (!"ready".equals(status)) {
            throw new IllegalStateException("the test cluster did not start: " + reason);
        }
        return ConditionEvaluationResult.enabled("Slurm and sshd are up");
    }

    /** What the coordinator needs to reach this cluster's slurmctld. */
    Map<String, String> slurmEnvironment() {
        return Map.of("SLURM_CONF", get("slurm_conf"));
    }

    String partition() {
        return get("slurm_partition");
    }

    /** 127.0.0.1:port of the test sshd. */
    String sshHost() {
        return get("ssh_host");
    }

    String sshIdentity() {
        return get("ssh_identity");
    }

    /** The test sshd's host key is known only here; batch mode refuses unknown ones. */
    String sshKnownHostsOption() {
        return "-oUserKnownHostsFile=" + get("ssh_known_hosts");
    }

    private String get(String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("the test cluster's properties have no " + key);
        }
        return value;
    }
}
