package io.mppfc.cache.maintenance;

import io.mppfc.cache.CorruptEntryException;
import io.mppfc.cache.EntryFile;
import io.mppfc.cache.EntryFormat;
import io.mppfc.cache.failure.FailureRecords;
import io.mppfc.cache.NewerFormatException;
import io.mppfc.cache.Quarantine;
import io.mppfc.cache.codec.Codecs;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** {@code mppfc verify} of one function: every loose file (several at a time) and every packed record. */
final class Verifier {

    private Verifier() {
    }

    static List<CacheInventory.Finding> verify(Path functionDirectory) throws IOException {
        List<CacheInventory.Finding> found = Collections.synchronizedList(new ArrayList<>());
        InParallel.forEach(CacheInventory.entries(functionDirectory), e -> {
            CacheInventory.Finding finding = verifyLoose(functionDirectory, e);
            if (finding != null) {
                found.add(finding);
            }
        });
        found.addAll(Packer.verify(functionDirectory));
        for (Path damaged : new FailureRecords(functionDirectory).quarantineDamaged()) {
            found.add(new CacheInventory.Finding(damaged, "a damaged failure record", true));
        }
        return found;
    }

    private static CacheInventory.Finding verifyLoose(Path functionDirectory, CacheInventory.Entry e) throws IOException {
        String damage;
        try {
            EntryFormat.Header header = EntryFile.check(e.path(), e.key(), EntryFormat.functionId(functionDirectory));
            String missing = Codecs.unavailable(header.codecId());
            if (missing == null) {
                return null;
            }
            if (Codecs.byId(header.codecId()) != null) {
                return new CacheInventory.Finding(e.path(), missing, false);
            }
            damage = missing;
        } catch (NoSuchFileException x) {
            return null;
        } catch (NewerFormatException x) {
            return new CacheInventory.Finding(e.path(), x.getMessage(), false); // not damage: a newer mppfc reads it
        } catch (CorruptEntryException x) {
            damage = x.getMessage();
        } catch (IOException x) {
            damage = "unreadable: " + io.mppfc.files.IoText.describe(x);
        }
        return new CacheInventory.Finding(e.path(), damage, Quarantine.move(functionDirectory, e.path(), damage) != null);
    }
}
