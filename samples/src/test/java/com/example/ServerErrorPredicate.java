package com.example;

import java.util.function.Predicate;

/**
 * The {@code record-failure-predicate} of the migration guide's YAML ({@code migration-guide.yml}): failures
 * whose message starts with a 5xx status count, anything else is a success of the breaker.
 */
public class ServerErrorPredicate implements Predicate<Throwable> {

    @Override
    public boolean test(Throwable failure) {
        return String.valueOf(failure.getMessage()).startsWith("5");
    }
}
