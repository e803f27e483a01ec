package io.mppfc.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Every kind of file and directory a cache holds, as the hostile-tree matrix sees it: where one
 * of the kind is in a filled cache, and which valid results planting something there may take
 * with it (what was in it). A new kind of file joins the matrix by being added here.
 */
enum LayoutKind {
    /** {@code <root>/.mppfc-cache}, what tells commands that change anything that this is a cache. */
    CACHE_MARKER(false) {
        @Override
        Path locate(Cell c) {
            return c.root().resolve(".mppfc-cache");
        }
    },
    /** {@code <root>/.gc.lock}, held by pack, gc and upgrade. */
    MAINTENANCE_LOCK(false) {
        @Override
        Path locate(Cell c) {
            return c.root().resolve(".gc.lock");
        }
    },
    /** {@code <root>/.code/}, the fingerprints of functions between runs. */
    CODE_DIRECTORY(true) {
        @Override
        Path locate(Cell c) {
            return c.root().resolve(".code");
        }
    },
    /** {@code <root>/.code/<16 hex>}, one function's fingerprint. */
    CODE_FILE(false) {
        @Override
        Path locate(Cell c) throws IOException {
            return only(c.root().resolve(".code"), "");
        }
    },
    /** {@code <root>/<function>@<version>/}, one code version's results. */
    FUNCTION_DIRECTORY(true) {
        @Override
        Path locate(Cell c) {
            return c.function();
        }

        @Override
        Set<Integer> victims() {
            return Cell.ALL_KEYS;
        }
    },
    /** {@code <function>/layout}, which arrangement of files the directory uses. */
    LAYOUT_FILE(false) {
        @Override
        Path locate(Cell c) {
            return c.function().resolve("layout");
        }
    },
    /** {@code <function>/last-used}, touched by every run that writes. */
    LAST_USED(false) {
        @Override
        Path locate(Cell c) {
            return c.function().resolve("last-used");
        }
    },
    /** {@code <function>/in-use}, locked shared by every program that has the code version open. */
    IN_USE(false) {
        @Override
        Path locate(Cell c) {
            return c.function().resolve("in-use");
        }
    },
    /** {@code <function>/<3 hex>/}, a directory of loose entries. */
    ENTRY_DIRECTORY(true) {
        @Override
        Path locate(Cell c) {
            return c.entry(Cell.LOOSE_VICTIM).getParent();
        }

        @Override
        Set<Integer> victims() {
            return Set.of(Cell.LOOSE_VICTIM);
        }
    },
    /** {@code <function>/<3 hex>/<64 hex>}, a loose entry. */
    LOOSE_ENTRY(false) {
        @Override
        Path locate(Cell c) {
            return c.entry(Cell.LOOSE_VICTIM);
        }

        @Override
        Set<Integer> victims() {
            return Set.of(Cell.LOOSE_VICTIM);
        }

        @Override
        Path sibling(Cell c) {
            return c.entry(Cell.LOOSE_OTHER);
        }
    },
    /** {@code <function>/<3 hex>/.tmp-…}, a writer's temp file (absent in a quiet cache: planted new). */
    TEMP_FILE(false) {
        @Override
        Path locate(Cell c) {
            return c.entry(Cell.LOOSE_VICTIM).resolveSibling(".tmp-0123abcd-entry-00112233445566778899aabb");
        }

        @Override
        Path sibling(Cell c) {
            return c.entry(Cell.LOOSE_OTHER);
        }
    },
    /** {@code <function>/packs/}. */
    PACKS_DIRECTORY(true) {
        @Override
        Path locate(Cell c) {
            return c.function().resolve("packs");
        }

        @Override
        Set<Integer> victims() {
            return Cell.PACKED_KEYS;
        }
    },
    /** {@code <function>/packs/pack-<generation>-<nonce>.mpk}, many entries and their index. */
    PACK(false) {
        @Override
        Path locate(Cell c) throws IOException {
            return only(c.function().resolve("packs"), ".mpk");
        }

        @Override
        Set<Integer> victims() {
            return Cell.PACKED_KEYS;
        }
    },
    /** {@code <function>/packs/pack-<generation>-<nonce>.mpk.used}, when each packed entry was last used. */
    PACK_LAST_USE(false) {
        @Override
        Path locate(Cell c) throws IOException {
            return only(c.function().resolve("packs"), ".used");
        }
    },
    /** {@code <function>/failures/}. */
    FAILURES_DIRECTORY(true) {
        @Override
        Path locate(Cell c) {
            return c.function().resolve("failures");
        }
    },
    /** {@code <function>/failures/<64 hex>}, a recorded failure. */
    FAILURE_RECORD(false) {
        @Override
        Path locate(Cell c) {
            return c.function().resolve("failures").resolve(c.key(Cell.FAILING_VICTIM).hex());
        }

        @Override
        Path sibling(Cell c) {
            return c.function().resolve("failures").resolve(c.key(Cell.FAILING_OTHER).hex());
        }
    },
    /** {@code <function>/.quarantine/} (absent in a healthy cache: planted new). */
    QUARANTINE_DIRECTORY(true) {
        @Override
        Path locate(Cell c) {
            return c.function().resolve(".quarantine");
        }
    },
    /** {@code <function>/.shared-pending/}, markers of the uploads to the shared store a run could not make. */
    SHARED_PENDING_DIRECTORY(true, true) {
        @Override
        Path locate(Cell c) {
            return c.sharedPending();
        }

        @Override
        void leave(Cell c) throws IOException {
            c.leavePendingUploads();
        }
    },
    /** {@code <function>/.shared-pending/<64 hex>.entry}, an upload still to make (a name, never data). */
    SHARED_PENDING_MARKER(false, true) {
        @Override
        Path locate(Cell c) {
            return c.sharedPending().resolve(c.key(Cell.LOOSE_OTHER).hex() + ".entry");
        }

        @Override
        Path sibling(Cell c) {
            return c.sharedPending().resolve(c.key(7).hex() + ".entry");
        }

        @Override
        void leave(Cell c) throws IOException {
            c.leavePendingUploads();
        }
    },
    /** {@code <function>/.mppfc-pull-<hex>/}, the scratch of a pull that was killed. */
    PULL_SCRATCH(true, true) {
        @Override
        Path locate(Cell c) {
            return c.pullScratch();
        }

        @Override
        void leave(Cell c) throws IOException {
            c.leaveAside(c.pullScratch());
        }
    },
    /** A pack downloaded into a killed pull's scratch, not yet merged. */
    PULL_SCRATCH_FILE(false, true) {
        @Override
        Path locate(Cell c) throws IOException {
            return only(c.pullScratch(), ".mpk");
        }

        @Override
        void leave(Cell c) throws IOException {
            c.leaveAside(c.pullScratch());
        }
    },
    /** {@code <root>/.clearing-<hex>/}, a function directory an interrupted {@code clear} renamed aside. */
    CLEARING_LEFTOVER(true) {
        @Override
        Path locate(Cell c) {
            return c.root().resolve(".clearing-0123abcd");
        }

        @Override
        void leave(Cell c) throws IOException {
            c.leaveAside(locate(c));
        }
    },
    /** {@code <root>/.removing-<hex>/}, a code version an interrupted {@code gc --keep-code-versions} set aside. */
    REMOVING_LEFTOVER(true) {
        @Override
        Path locate(Cell c) {
            return c.root().resolve(".removing-0123abcd");
        }

        @Override
        void leave(Cell c) throws IOException {
            c.leaveAside(locate(c));
        }
    };

    private final boolean directory;
    private final boolean shared;

    LayoutKind(boolean directory) {
        this(directory, false);
    }

    LayoutKind(boolean directory, boolean shared) {
        this.directory = directory;
        this.shared = shared;
    }

    /** Whether the kind is a directory (its hostile variants differ: a file in its place, say). */
    boolean directory() {
        return directory;
    }

    /**
     * Whether only a cache used with a shared store has it: its cells run every call and command
     * with a shared store.
     */
    boolean shared() {
        return shared;
    }

    /**
     * Leaves in the cell's cache what an interrupted run or command leaves for this kind to be
     * found, before the variant is planted (nothing for the kinds every quiet cache has).
     */
    void leave(Cell c) throws IOException {
    }

    /** Where the one of this kind is in the cell's cache (it may be absent there: then it is planted new). */
    abstract Path locate(Cell c) throws IOException;

    /** The results that planting something here may take with it: it held them. */
    Set<Integer> victims() {
        return Set.of();
    }

    /** Another file of the same kind, of another key, whose bytes a "copied" variant plants; null if there is none. */
    Path sibling(Cell c) {
        return null;
    }

    /** The first file in {@code directory} whose name ends so. */
    private static Path only(Path directory, String ending) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path f : files) {
                if (f.getFileName().toString().endsWith(ending)) {
                    return f;
                }
            }
        }
        throw new IOException("nothing ending in '" + ending + "' in " + directory);
    }
}
