package dev.resilience.spring.boot.autoconfigure.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

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

    private static final String ANY = "*";

    private static final String[] PATTERNS = {"circuit-breaker", "retry", "bulkhead", "thread-pool-bulkhead",
        "rate-limiter", "timeout"};

    private static final String CUSTOMIZER = "not a YAML key here; set it in Java with a %s bean, for example "
            + "%s.of(\"name\", builder -> builder.%s)";

    /** Advice for a key under a pattern's configs.NAME or instances.NAME, by pattern then leaf. */
    private static final Map<String, String> LEAVES = new HashMap<>();

    /** Advice for a key directly under a pattern, resilience.PATTERN.KEY. */
    private static final Map<String, String> PATTERN_KEYS = new HashMap<>();

    /** Advice for a group directly under resilience. */
    private static final Map<String, String> GROUPS = new HashMap<>();

    static {
        leaf("retry", "max-retry-attempts", "resilience4j's old name of 'max-attempts' (the first call included,"
                + " default 3); rename it");
        leaf("retry", "fail-after-max-attempts", "not available here: once the attempts are used up the retry"
                + " returns the last result (when a 'result-predicate' still rejected it) or rethrows the last"
                + " failure unchanged; there is no MaxRetriesExceededException. Check the result after the call,"
                + " or let a circuit breaker count it with 'record-result-predicate'");
        leaf("retry", "interval-function", String.format(CUSTOMIZER, "RetryConfigCustomizer", "RetryConfigCustomizer",
                "intervalFunction(...)"));
        leaf("retry", "interval-bi-function", String.format(CUSTOMIZER, "RetryConfigCustomizer",
                "RetryConfigCustomizer", "intervalFunction(...)"));
        leaf("retry", "consume-result-before-retry-attempt", "not available here: a result that is retried is"
                + " dropped; observe it in the 'result-predicate'");
        leaf("circuit-breaker", "ring-buffer-size-in-closed-state", "resilience4j's old name; use"
                + " 'sliding-window-size' (and 'minimum-number-of-calls')");
        leaf("circuit-breaker", "ring-buffer-size-in-half-open-state", "resilience4j's old name; use"
                + " 'permitted-number-of-calls-in-half-open-state'");
        leaf("circuit-breaker", "initial-state", "not a YAML key here; move a breaker with"
                + " POST /actuator/resilience/circuit-breakers/{name} or CircuitBreaker#transitionTo");
        String fixedWait = "not available here: the wait in the open state is fixed, 'wait-duration-in-open-state'";
        leaf("circuit-breaker", "enable-exponential-backoff", fixedWait);
        leaf("circuit-breaker", "exponential-backoff-multiplier", fixedWait);
        leaf("circuit-breaker", "exponential-max-wait-duration-in-open-state", fixedWait);
        leaf("circuit-breaker", "enable-randomized-wait", fixedWait);
        leaf("circuit-breaker", "randomized-wait-factor", fixedWait);
        leaf("circuit-breaker", "wait-interval-function-in-open-state", fixedWait);
        leaf("circuit-breaker", "ignore-class-binding-exceptions", "not available here: a class in"
                + " 'record-exceptions' or 'ignore-exceptions' that does not exist always stops the start");
        leaf("circuit-breaker", "writable-stack-trace-enabled", String.format(CUSTOMIZER,
                "CircuitBreakerConfigCustomizer", "CircuitBreakerConfigCustomizer", "writableStackTraceEnabled(true)")
                + "; rejections carry no stack trace by default, as they are thrown in bulk under load");
        leaf("bulkhead", "writable-stack-trace-enabled", String.format(CUSTOMIZER, "BulkheadConfigCustomizer",
                "BulkheadConfigCustomizer", "writableStackTraceEnabled(true)"));
        leaf("bulkhead", "fair-call-handling", String.format(CUSTOMIZER, "BulkheadConfigCustomizer",
                "BulkheadConfigCustomizer", "fairCallHandling(true)"));
        leaf("thread-pool-bulkhead", "writable-stack-trace-enabled", String.format(CUSTOMIZER,
                "ThreadPoolBulkheadConfigCustomizer", "ThreadPoolBulkheadConfigCustomizer",
                "writableStackTraceEnabled(true)"));
        leaf("thread-pool-bulkhead", "context-propagators", "not needed here: with io.micrometer:context-propagation"
                + " on the classpath the caller's context (MDC, security, tracing) reaches the pool's threads");
        leaf("rate-limiter", "writable-stack-trace-enabled", String.format(CUSTOMIZER, "RateLimiterConfigCustomizer",
                "RateLimiterConfigCustomizer", "writableStackTraceEnabled(true)"));
        leaf("rate-limiter", "subscribe-for-events", "not needed here: events are built only for the listeners"
                + " and event consumers that exist");
        leaf("rate-limiter", "drain-permissions-on-result", "not available here");
        leaf(ANY, "register-health-indicator", "only circuit breakers and rate limiters have a health indicator");
        leaf(ANY, "allow-health-indicator-to-fail", "only circuit breakers and rate limiters have a health"
                + " indicator");

        String order = "the order of composition is one list here, 'resilience.aspect-order' (pattern keys,"
                + " outermost first: fallback, retry, circuit-breaker, rate-limiter, timeout, bulkhead)";
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
     * {@code null} when it is not a resilience4j key this table knows.
     */
    public static @Nullable String adviceFor(ConfigurationPropertyName name) {
        int elements = name.getNumberOfElements();
        if (elements < 2) {
            return null;
        }
        String group = name.getElement(1, Form.UNIFORM);
        if (elements == 2 || !isPattern(group)) {
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
        String advice = LEAVES.get(group + "/" + leaf);
        return advice != null ? advice : LEAVES.get(ANY + "/" + leaf);
    }

    private static boolean isPattern(String uniformGroup) {
        for (String pattern : PATTERNS) {
            if (uniform(pattern).equals(uniformGroup)) {
                return true;
            }
        }
        return false;
    }

    private static void leaf(String pattern, String leaf, String advice) {
        LEAVES.put((pattern.equals(ANY) ? ANY : uniform(pattern)) + "/" + uniform(leaf), advice);
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
