package dev.resilience.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits the rate of calls of a Spring bean method with the rate limiter {@link #name()}, configured under
 * {@code resilience.rate-limiter.instances.<name>}. A call over the limit throws
 * {@link dev.resilience.ratelimiter.RateLimitExceededException}, whose {@code retryAfter()} says when to try
 * again.
 *
 * <p>With a {@link #key()}, each key value gets its own limit (at most {@code max-keys} keys are held; the least
 * recently used key at rest is evicted, never one that took permits in its current period, and while none is
 * at rest new keys share one overflow limit: see {@link dev.resilience.ratelimiter.KeyedRateLimiter}); key
 * values never appear in metric tags.
 *
 * @since 0.1.0
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface RateLimit {

    /** The instance name: selects {@code resilience.rate-limiter.instances.<name>}. */
    String name();

    /**
     * A SpEL expression over the method's parameters that selects the limit a call counts against, for
     * example {@code #userId}, {@code #p0} or {@code #request.tenant}. Empty (the default): one limit shared by
     * all calls. Parsed once at start-up; an invalid expression fails the start.
     */
    String key() default "";
}
