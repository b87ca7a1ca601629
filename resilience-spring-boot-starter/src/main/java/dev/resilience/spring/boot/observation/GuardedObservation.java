package dev.resilience.spring.boot.observation;

import dev.resilience.core.event.ListenerList;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Calls into Micrometer's observation API on a protected call's path, guarded: observation handlers,
 * predicates and conventions are application code, and like a listener or a metric they must never break the
 * call or change its outcome. A failure is logged (see {@link ListenerList#failed}) and the call goes on.
 */
final class GuardedObservation {

    private GuardedObservation() {
    }

    static void start(Observation observation) {
        try {
            observation.start();
        } catch (Throwable failure) {
            ListenerList.failed(observation, failure);
        }
    }

    /**
     * Opens a scope of {@code observation}; {@code null} when a handler threw. Micrometer makes the scope
     * current before it notifies the handlers, so a handler that throws would leave it current on this thread
     * for good (and every later context snapshot taken here would carry it): the scope that was current before,
     * {@code outer}, is made current again.
     */
    static Observation.@Nullable Scope openScope(ObservationRegistry registry, Observation observation,
            Observation.@Nullable Scope outer) {
        try {
            return observation.openScope();
        } catch (Throwable failure) {
            ListenerList.failed(observation, failure);
            restore(registry, outer);
            return null;
        }
    }

    /** Closes {@code scope}; when a handler throws, makes {@code outer} current again, as closing would have. */
    static void close(ObservationRegistry registry, Observation.@Nullable Scope scope,
            Observation.@Nullable Scope outer) {
        if (scope == null) {
            return;
        }
        try {
            scope.close();
        } catch (Throwable failure) {
            ListenerList.failed(scope, failure);
            restore(registry, outer);
        }
    }

    private static void restore(ObservationRegistry registry, Observation.@Nullable Scope outer) {
        try {
            registry.setCurrentObservationScope(outer);
        } catch (Throwable failure) {
            ListenerList.failed(registry, failure);
        }
    }

    static void error(Observation observation, Throwable error) {
        try {
            observation.error(error);
        } catch (Throwable failure) {
            ListenerList.failed(observation, failure);
        }
    }

    static void event(Observation observation, Observation.Event event) {
        try {
            observation.event(event);
        } catch (Throwable failure) {
            ListenerList.failed(observation, failure);
        }
    }

    static void stop(Observation observation) {
        try {
            observation.stop();
        } catch (Throwable failure) {
            ListenerList.failed(observation, failure);
        }
    }
}
