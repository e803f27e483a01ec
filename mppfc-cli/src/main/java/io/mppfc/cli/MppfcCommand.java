package io.mppfc.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** The top-level command: only help, version and the subcommands. */
@Command(name = "mppfc", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Multi-process persistent function cache: prewarm, inspect and maintain caches.",
        subcommands = {PrewarmCommand.class, StatusCommand.class, LsCommand.class, GetCommand.class,
                VerifyCommand.class, GcCommand.class, PackCommand.class, UpgradeCommand.class, ClearCommand.class,
                FailuresCommand.class, PushCommand.class, PullCommand.class,
                AutoComplete.GenerateCompletion.class, HelpCommand.class},
        footer = {"", "Examples:",
                "  mppfc prewarm --function com.acme.Physics::slow --classpath app.jar \\",
                "      --args grid.jsonl --workers all",
                "  mppfc status --cache .cache",
                "  mppfc gc --cache .cache --max-size 10G"})
final class MppfcCommand {
}
