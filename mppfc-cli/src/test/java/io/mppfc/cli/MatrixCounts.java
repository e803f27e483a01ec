package io.mppfc.cli;

/**
 * What one cell (or all) of the hostile-tree matrix found. {@code refused} counts calls that
 * refused with a clear message (no stack trace): allowed, and reported. {@code unclear} counts
 * commands that failed without saying why in one line.
 */
record MatrixCounts(int cells, int calls, int wrong, int errors, int hangs, int outOfMemory, int writesOutside,
        int lost, int stackTraces, int unclear, int refused) {

    static final MatrixCounts NONE = new MatrixCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    MatrixCounts plus(MatrixCounts o) {
        return new MatrixCounts(cells + o.cells, calls + o.calls, wrong + o.wrong, errors + o.errors, hangs + o.hangs,
                outOfMemory + o.outOfMemory, writesOutside + o.writesOutside, lost + o.lost, stackTraces + o.stackTraces,
                unclear + o.unclear, refused + o.refused);
    }

    /** Whether nothing the promise forbids happened. */
    boolean clean() {
        return wrong == 0 && errors == 0 && hangs == 0 && outOfMemory == 0 && writesOutside == 0 && lost == 0
                && stackTraces == 0 && unclear == 0;
    }

    /** What went wrong, added up. */
    int faults() {
        return wrong + errors + hangs + outOfMemory + writesOutside + lost + stackTraces + unclear;
    }

    String summary() {
        return calls + " calls: " + wrong + " wrong values, " + errors + " calls that threw instead of answering, " + hangs
                + " hangs, " + outOfMemory + " out-of-memory errors, " + writesOutside + " writes outside the cache, " + lost
                + " valid entries lost, " + stackTraces + " stack traces printed, " + unclear
                + " failed commands without one clear line (" + refused + " clear refusals)";
    }
}
