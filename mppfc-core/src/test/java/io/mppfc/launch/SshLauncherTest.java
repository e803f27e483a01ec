package io.mppfc.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SshLauncherTest {

    private static WorkerJvm jvm(int index) {
        return new WorkerJvm(List.of("-Dgreeting=it's a \"test\" $HOME `id` *"), "/shared/app.jar", index);
    }

    @Test
    void workersGoToTheHostsInTurnInBatchMode() {
        SshLauncher ssh = SshLauncher.builder().hosts("node1", "node2:2222", "[::1]:22").user("alice")
                .identityFile(Path.of("/keys/id")).build();
        List<String> placements = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            placements.add(ssh.command(jvm(i)).placement());
        }
        assertThat(placements).containsExactly("SSH host node1", "SSH host node2:2222", "SSH host [::1]:22",
                "SSH host node1");
        List<String> second = ssh.command(jvm(5)).command();
        assertThat(second).containsSubsequence("ssh", "-T", "-o", "BatchMode=yes", "-p", "2222", "-l", "alice", "-i",
                "/keys/id", "--", "node2");
    }

    /** The remote command goes through a shell; a real sh must hand java exactly our words. */
    @Test
    void theRemoteShellSeesEveryArgumentExactly() throws Exception {
        WorkerCommand command = SshLauncher.builder().hosts("node1").javaPath("/opt/my jdk/bin/java").build()
                .command(jvm(1));
        String remote = command.command().get(command.command().size() - 1);
        assertThat(remote).startsWith("exec ");
        String printed = remote.replaceFirst("^exec ", "printf '%s\\\\n' ");
        Process sh = new ProcessBuilder("sh", "-c", printed).start();
        List<String> words = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(sh.waitFor()).isZero();
        assertThat(words).containsExactly("/opt/my jdk/bin/java", "-Dgreeting=it's a \"test\" $HOME `id` *", "-cp",
                "/shared/app.jar", Launcher.MAIN_CLASS);
    }

    @Test
    void aRefusingHostGetsNoMoreWorkersAndWhenAllRefuseTheErrorNamesEach() {
        SshLauncher ssh = SshLauncher.builder().hosts("good", "bad").build();
        WorkerCommand first = ssh.command(jvm(1));
        WorkerCommand onBad = ssh.command(jvm(2));
        assertThat(onBad.placement()).isEqualTo("SSH host bad");
        Launcher.ExitReport report = ssh.explainExit(onBad, 255, false,
                List.of("ssh: connect to host bad port 22: Connection refused"));
        assertThat(report.placementRefused()).isTrue();
        assertThat(report.explanation()).isEqualTo("could not start: ssh: connect to host bad port 22: Connection refused");
        assertThat(ssh.command(jvm(3)).placement()).isEqualTo("SSH host good");
        assertThat(ssh.command(jvm(4)).placement()).isEqualTo("SSH host good");

        ssh.explainExit(first, 127, false, List.of("sh: 1: exec: /usr/bin/java: not found"));
        assertThatThrownBy(() -> ssh.command(jvm(5))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("every SSH host refused")
                .hasMessageContaining("bad: ssh: connect to host bad port 22: Connection refused")
                .hasMessageContaining("good: no java at");
    }

    @Test
    void aConnectionLostAfterStartIsAnOrdinaryDeadWorker() {
        SshLauncher ssh = SshLauncher.builder().hosts("node1").build();
        Launcher.ExitReport report = ssh.explainExit(ssh.command(jvm(1)), 255, true,
                List.of("Connection to node1 closed by remote host."));
        assertThat(report.placementRefused()).isFalse();
        assertThat(report.explanation()).isEqualTo("lost its SSH connection: Connection to node1 closed by remote host.");
        assertThat(ssh.command(jvm(2)).placement()).isEqualTo("SSH host node1");
    }

    @Test
    void badHostsAndMissingHostsAreRefused() {
        assertThatThrownBy(() -> SshLauncher.builder().build()).hasMessageContaining("at least one host");
        assertThatThrownBy(() -> SshLauncher.builder().hosts("-oProxyCommand=evil")).hasMessageContaining("not a host");
        assertThatThrownBy(() -> SshLauncher.builder().hosts("node 1")).hasMessageContaining("\"node 1\" is not a host");
        assertThatThrownBy(() -> SshLauncher.builder().hosts("node1:70000")).hasMessageContaining("1..65535");
        assertThatThrownBy(() -> SshLauncher.builder().user("-x")).hasMessageContaining("user");
    }

    @Test
    void relativeClasspathEntriesAreMadeAbsoluteForTheRemoteShell() {
        WorkerCommand command = SshLauncher.builder().hosts("node1").build()
                .command(new WorkerJvm(List.of(), "lib/a.jar:/abs/b.jar", 1));
        String remote = command.command().get(command.command().size() - 1);
        assertThat(remote).contains("'" + Path.of("lib/a.jar").toAbsolutePath() + ":/abs/b.jar'");
    }
}
