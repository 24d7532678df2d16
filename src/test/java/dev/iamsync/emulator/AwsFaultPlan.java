package dev.iamsync.emulator;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Failures injected per key (a role name, or one fixed key for an action), each for a number of attempts or
 * forever. Thread-safe: concurrent attempts consume the budget exactly once each.
 */
final class AwsFaultPlan<T> {
    static final int FOREVER = -1;

    private record Pending<T>(T fault, int remaining) {
    }

    private final ConcurrentMap<String, Pending<T>> pending = new ConcurrentHashMap<>();

    void inject(String key, T fault, int times) {
        if (times == 0) {
            pending.remove(key);
            return;
        }
        if (times < 0 && times != FOREVER) {
            throw new IllegalArgumentException("times must be positive, got " + times);
        }
        pending.put(key, new Pending<>(fault, times));
    }

    void clear(String key) {
        pending.remove(key);
    }

    /** Takes one attempt from the key's budget; empty when no failure is pending for the key. */
    Optional<T> next(String key) {
        AtomicReference<T> hit = new AtomicReference<>();
        pending.computeIfPresent(key, (ignored, current) -> {
            hit.set(current.fault());
            if (current.remaining() == FOREVER) {
                return current;
            }
            return current.remaining() == 1 ? null : new Pending<>(current.fault(), current.remaining() - 1);
        });
        return Optional.ofNullable(hit.get());
    }
}
