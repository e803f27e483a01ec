package io.mppfc.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's thread is a daemon, and a thread inherits its maker's kind: the thread that
 * starts the class-data trainee was a daemon too, so a program that ended at its first result
 * exited while the trainee was being started (seen twice in full test runs: the trainee's marker
 * and scratch left, no trainee).
 */
class TraineeLaunchThreadTest {

    @Test
    void theThreadThatStartsATraineeMadeByADaemonThreadKeepsTheProgramAliveUntilItIsDone() throws Exception {
        AtomicReference<Thread> launching = new AtomicReference<>();
        Thread coordinator = new Thread(() -> launching.set(ClassDataTraining.launching(() -> { })));
        coordinator.setDaemon(true);
        coordinator.start();
        coordinator.join();

        assertThat(launching.get().isDaemon()).isFalse();
    }
}
