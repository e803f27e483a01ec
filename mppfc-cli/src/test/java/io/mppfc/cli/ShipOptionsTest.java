package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.launch.Launcher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import org.junit.jupiter.api.Test;

/** --ship-classpath and --remote-jar-dir as prewarm parses them. */
class ShipOptionsTest {

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        LauncherOptions launcher;
    }

    private static Launcher launcher(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.launcher.launcher();
    }

    @Test
    void shipClasspathAndAJarDirectoryGoToTheSshLauncher() {
        assertThat(launcher("--launcher", "ssh", "--hosts", "ws1", "--ship-classpath", "--remote-jar-dir", "/opt/jars"))
                .hasToString("SSH to ws1 (classpath shipped to /opt/jars)");
    }

    @Test
    void shippingIsForSshOnly() {
        assertThatThrownBy(() -> launcher("--ship-classpath")).isInstanceOf(UsageException.class)
                .hasMessage("--ship-classpath is for --launcher ssh, but the launcher is local");
        assertThatThrownBy(() -> launcher("--launcher", "slurm", "--remote-jar-dir", "/x"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--remote-jar-dir is for --launcher ssh, but the launcher is slurm");
    }

    @Test
    void shippingAClasspathAndNamingOneOnTheHostsIsAUsageError() {
        assertThatThrownBy(() -> launcher("--launcher", "ssh", "--hosts", "ws1", "--ship-classpath",
                "--remote-classpath", "/shared/app.jar")).isInstanceOf(UsageException.class)
                .hasMessageContaining("give one of them");
    }
}
