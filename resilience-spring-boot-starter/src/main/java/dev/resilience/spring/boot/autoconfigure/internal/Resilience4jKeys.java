package dev.resilience.spring.boot.autoconfigure.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import dev.resilience.spring.boot.autoconfigure.AspectOrder;
import dev.resilience.spring.boot.pattern.PatternDescriptor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;

/**
 * What to write instead of a resilience4j key that has no counterpart here, for the message of an unknown
 * key. This table only advises: whether a key is known is decided by what the properties classes bind, so a
 * key listed here that a later version supports is simply bound and never reaches this table.
 *
 * <p>Keys are matched in Spring Boot's uniform form (lower case, without dashes), so
 * {@code maxRetryAttempts}, {@code max-retry-attempts} and {@code max_retry_attempts} are the same key.
 * Internal: not part of the public API.
 */
public final class Resilience4jKeys {

    /**
     * Advice for a key under any pattern's configs.NAME or instances.NAME, by leaf; each pattern's own advice
     * comes from its descriptor ({@link PatternDescriptor#unknownKeyAdvice()}).
     */
    private static final Map<String, String> LEAVES = new HashMap<>();

    /** Advice for a key directly under a pattern, resilience.PATTERN.KEY. */
    private static final Map<String, String> PATTERN_KEYS = new HashMap<>();

    /** Advice for a group directly under resilience. */
    private static final Map<String, String> GROUPS = new HashMap<>();

    static {
        leaf("register-health-indicator", "only circuit breakers and rate limiters have a health indicator");
        leaf("allow-health-indicator-to-fail", "only circuit breakers and rate limiters have a health"
                + " indicator");

        String order = "the order of composition is one list here, 'resilience.aspect-order' (pattern keys,"
                + " outermost first: " + AspectOrder.DEFAULT_DESCRIPTION + ")";
        for (String pattern : new String[] {"circuit-breaker", "retry", "bulkhead", "rate-limiter", "time-limiter",
                "thread-pool-bulkhead"}) {
            PATTERN_KEYS.put(uniform(pattern + "-aspect-order"), order);
        }
        PATTERN_KEYS.put(uniform("backends"), "resilience4j's old name of 'instances'; rename it");
        PATTERN_KEYS.put(uniform("metrics"), "metrics are recorded whenever a MeterRegistry bean exists (meters"
                + " 'resilience.<pattern>.*'); switch them off with resilience.metrics.enabled=false");
        PATTERN_KEYS.put(uniform("tags"), "add tags to every meter with Spring Boot's management.metrics.tags.*");

        GROUPS.put(uniform("timelimiter"), "resilience4j's time limiter is 'resilience.timeout' here, with the same"
                + " keys (timeout-duration, cancel-running-future); it throws TimeoutExceededException, not"
                + " java.util.concurrent.TimeoutException");
        GROUPS.put(uniform("time-limiter"), GROUPS.get(uniform("timelimiter")));
        GROUPS.put(uniform("scheduled"), "retries, timeouts and breakers share one daemon scheduler; give yours"
                + " with a customizer bean (builder.scheduler(...))");
        GROUPS.put(uniform("fallback"), "fallbacks are configured by the @Fallback annotation only");
    }

    private Resilience4jKeys() {
    }

    /**
     * What to write instead of {@code name}, a key under {@code resilience} that nothing binds, or
     * {@code null} when it is not a resilience4j key this table or the pattern's descriptor knows.
     *
     * @param descriptors the patterns; those with a YAML group ({@link PatternDescriptor#configuration()})
     *        are the groups {@code resilience.<key>}
     */
    public static @Nullable String adviceFor(ConfigurationPropertyName name,
            Collection<? extends PatternDescriptor<?, ?>> descriptors) {
        int elements = name.getNumberOfElements();
        if (elements < 2) {
            return null;
        }
        String group = name.getElement(1, Form.UNIFORM);
        PatternDescriptor<?, ?> pattern = patternOf(group, descriptors);
        if (elements == 2 || pattern == null) {
            return elements >= 2 ? GROUPS.get(group) : null;
        }
        String key = name.getElement(2, Form.UNIFORM);
        if (elements == 3 || !(key.equals("configs") || key.equals("instances"))) {
            return PATTERN_KEYS.get(key);
        }
        if (elements != 5) {
            return null;
        }
        String leaf = name.getElement(4, Form.UNIFORM);
        for (Map.Entry<String, String> advice : pattern.unknownKeyAdvice().entrySet()) {
            if (uniform(advice.getKey()).equals(leaf)) {
                return advice.getValue();
            }
        }
        return LEAVES.get(leaf);
    }

    private static @Nullable PatternDescriptor<?, ?> patternOf(String uniformGroup,
            Collection<? extends PatternDescriptor<?, ?>> descriptors) {
        for (PatternDescriptor<?, ?> descriptor : descriptors) {
            if (descriptor.configuration() != null && uniform(descriptor.key()).equals(uniformGroup)) {
                return descriptor;
            }
        }
        return null;
    }

    private static void leaf(String leaf, String advice) {
        LEAVES.put(uniform(leaf), advice);
    }

    /** Spring Boot's uniform form of one element: lower case, letters and digits only. */
    static String uniform(String element) {
        StringBuilder result = new StringBuilder(element.length());
        for (char c : element.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                result.append(Character.toLowerCase(c));
            }
        }
        return result.toString().toLowerCase(Locale.ROOT);
    }
}
