package io.mppfc.footprint;

import io.mppfc.Footprinted;

/** A test type that is not a record but names its own key value. */
final class Labelled implements Footprinted {

    private final String label;
    private final Object ignoredState = new Object();

    Labelled(String label) {
        this.label = label;
    }

    @Override
    public Object keyValue() {
        return label;
    }

    @Override
    public String toString() {
        return "Labelled(" + label + ", " + ignoredState.hashCode() + ")";
    }
}
