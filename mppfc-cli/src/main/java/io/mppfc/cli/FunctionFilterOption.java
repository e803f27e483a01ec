package io.mppfc.cli;

import io.mppfc.cache.maintenance.CacheInventory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The optional {@code --function} of the commands that look at every function of a cache, or at one. */
final class FunctionFilterOption {

    @Option(names = "--function", paramLabel = "NAME", description = "Only this function (directory name or "
            + "CLASS::METHOD), every code version of it.")
    String function;

    /** The directories of the function asked for (each code version), or of every function. */
    List<Path> directories(CacheRootOption root) throws IOException {
        return function == null ? CacheInventory.functionDirectories(root.existing()) : root.functions(function);
    }

    /** The function asked for, or null for every one. */
    List<Path> selected(CacheRootOption root) throws IOException {
        return function == null ? null : root.functions(function);
    }
}
