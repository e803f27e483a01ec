package io.mppfc.function;

/** What to tell a user whose module keeps mppfc from reading their classes. */
public final class ModuleAccess {

    private ModuleAccess() {
    }

    /**
     * The one-line explanation and remedy for a class mppfc may not reflect on.
     *
     * @param type the user's class
     * @param what what mppfc was doing, as a verb phrase ("call Physics.slow")
     */
    public static String mustOpen(Class<?> type, String what) {
        Module ours = ModuleAccess.class.getModule();
        String packageName = type.getPackageName();
        String to = ours.isNamed() ? " to " + ours.getName() : "";
        return "mppfc cannot " + what + ": module " + type.getModule().getName() + " does not open package "
                + packageName + to + "; add 'opens " + packageName + to + ";' to its module-info.java";
    }
}
