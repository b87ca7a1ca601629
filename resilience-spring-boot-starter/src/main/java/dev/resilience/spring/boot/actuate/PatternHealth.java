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
 * <p>Read at each health request: the instances listed are those of the registry then, and the settings are
 * asked anew (a refresh applies). Implementations are thread-safe.
 *
 * @param <I> the instance type
 * @since 0.2.0
 */
public interface PatternHealth<I> {

    /**
     * The name of the composite contributor ({@code resilience} for circuit breakers,
     * {@code resilienceRateLimiters} for rate limiters): {@code /actuator/health/<name>/<instance>}. It is
     * switched off with {@code management.health.<name in kebab case>.enabled=false}.
     */
    String contributorName();

    /** Whether the instance {@code name} is listed ({@code register-health-indicator}). */
    boolean isListed(String name);

    /** Whether the instance {@code name} turns health {@code DOWN} while it fails ({@code allow-health-indicator-to-fail}). */
    boolean mayFail(String name);

    /** Whether {@code instance} is failing now (an open breaker, an exhausted limiter). */
    boolean isFailing(I instance);

    /** The details of {@code instance}'s health, in the order shown. */
    Map<String, Object> details(I instance);

    /**
     * A health facet from its parts.
     *
     * @param contributorName see {@link #contributorName()}
     * @param listed see {@link #isListed}, by instance name
     * @param mayFail see {@link #mayFail}, by instance name
     * @param failing see {@link #isFailing}
     * @param details see {@link #details}
     */
    static <I> PatternHealth<I> of(String contributorName, Predicate<String> listed, Predicate<String> mayFail,
            Predicate<? super I> failing, Function<? super I, Map<String, Object>> details) {
        Objects.requireNonNull(contributorName, "contributorName");
        Objects.requireNonNull(listed, "listed");
        Objects.requireNonNull(mayFail, "mayFail");
        Objects.requireNonNull(failing, "failing");
        Objects.requireNonNull(details, "details");
        return new PatternHealth<>() {
            @Override
            public String contributorName() {
                return contributorName;
            }

            @Override
            public boolean isListed(String name) {
                return listed.test(name);
            }

            @Override
            public boolean mayFail(String name) {
                return mayFail.test(name);
            }

            @Override
            public boolean isFailing(I instance) {
                return failing.test(instance);
            }

            @Override
            public Map<String, Object> details(I instance) {
                return details.apply(instance);
            }
        };
    }
}
