package dev.iamsync.sync;

import java.time.Duration;

/** Waits between retries; tests replace it with one that moves a fake clock. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    static Sleeper real() {
        return Thread::sleep;
    }
}
