package dev.resilience.spring.boot.actuate;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The health of a pattern's instances, as a pattern descriptor gives it ({@code health(beans)}): the name of
 * the composite contributor that lists them, which instances are listed, which may turn health {@code DOWN},
 * when one is failing, and the details each shows. {@link PatternHealthContributor} turns it into a Spring Boot
 * health contributor; this type itself refers to no Spring Boot health type, so descriptors load without
 * actuator.
 *
 * <p>Read at each health request: the instances listed are those of the registry then, and the functions are
 * asked anew (a refresh of the settings applies). The functions must be thread-safe.
 *
 * @param contributorName the name of the composite contributor ({@code resilience} for circuit breakers,
 *        {@code resilienceRateLimiters} for rate limiters): {@code /actuator/health/<name>/<instance>}; it is
 *        switched off with {@code management.health.<name in kebab case>.enabled=false}
 * @param listed whether the instance of a name is listed ({@code register-health-indicator})
 * @param mayFail whether the instance of a name turns health {@code DOWN} while it fails
 *        ({@code allow-health-indicator-to-fail})
 * @param failing whether an instance is failing now (an open breaker, an exhausted limiter)
 * @param details the details of an instance's health, in the order shown
 * @param <I> the instance type
 * @since 0.2.0
 */
public record PatternHealth<I>(String contributorName, Predicate<String> listed, Predicate<String> mayFail,
        Predicate<? super I> failing, Function<? super I, Map<String, Object>> details) {

    /** @throws NullPointerException when an argument is {@code null} */
    public PatternHealth {
        Objects.requireNonNull(contributorName, "contributorName");
        Objects.requireNonNull(listed, "listed");
        Objects.requireNonNull(mayFail, "mayFail");
        Objects.requireNonNull(failing, "failing");
        Objects.requireNonNull(details, "details");
    }
}
