package io.mppfc.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How every connection to a host is made, the workers' and the shipping of their classpath
 * alike: ssh in batch mode, so it never asks for a password or a host key.
 */
record SshConnection(String ssh, String user, Path identityFile, Duration connectTimeout, List<String> options) {

    SshConnection {
        options = List.copyOf(options);
    }

    /** The command line that runs {@code remoteCommand} (shell text) on {@code host}. */
    List<String> command(SshHost host, String remoteCommand) {
        List<String> command = new ArrayList<>();
        command.add(ssh);
        command.addAll(List.of("-T", "-o", "BatchMode=yes", "-o", "ServerAliveInterval=15",
                "-o", "ConnectTimeout=" + Math.max(1, connectTimeout.toSeconds())));
        if (host.port() != null) {
            command.addAll(List.of("-p", host.port().toString()));
        }
        if (user != null) {
            command.addAll(List.of("-l", user));
        }
        if (identityFile != null) {
            command.addAll(List.of("-i", identityFile.toString(), "-o", "IdentitiesOnly=yes"));
        }
        command.addAll(options);
        command.add("--");
        command.add(host.name());
        command.add(remoteCommand);
        return command;
    }
}
