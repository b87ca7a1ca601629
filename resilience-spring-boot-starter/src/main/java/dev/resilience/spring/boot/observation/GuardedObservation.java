package dev.resilience.spring.boot.observation;

import dev.resilience.core.event.ListenerList;
import io.micrometer.observation.Observation;
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

    static Observation.@Nullable Scope openScope(Observation observation) {
        try {
            return observation.openScope();
        } catch (Throwable failure) {
            ListenerList.failed(observation, failure);
            return null;
        }
    }

    static void close(Observation.@Nullable Scope scope) {
        if (scope == null) {
            return;
        }
        try {
            scope.close();
        } catch (Throwable failure) {
            ListenerList.failed(scope, failure);
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
