package io.mppfc.protocol;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fresh JVM's first slot: prints how many classes its mapping loaded, after
 * {@link StartedSlot#prepareMapping} has run when the argument is {@code prepared}.
 */
public final class MappingProbe {

    private MappingProbe() {
    }

    /**
     * Makes one slot in a temp directory and prints the classes loaded meanwhile.
     *
     * @param args {@code prepared} to set the mapping up first
     * @throws Exception if the slot cannot be made
     */
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("mppfc-mapping-probe");
        if (args.length > 0 && args[0].equals("prepared")) {
            Thread setUp = StartedSlot.prepareMapping();
            if (setUp != null) {
                setUp.join();
            }
        }
        var classes = ManagementFactory.getClassLoadingMXBean();
        long before = classes.getTotalLoadedClassCount();
        StartedSlot.Made slot = StartedSlot.create("probe", dir);
        long loaded = classes.getTotalLoadedClassCount() - before;
        slot.remove();
        Files.delete(dir);
        System.out.println(loaded);
    }
}
