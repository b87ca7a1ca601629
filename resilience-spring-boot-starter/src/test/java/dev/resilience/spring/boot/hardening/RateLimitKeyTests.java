package dev.resilience.spring.boot.hardening;

import dev.resilience.annotation.RateLimit;
import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.KeyedRateLimiterRegistry;
import dev.resilience.ratelimiter.RateLimitExceededException;
import dev.resilience.spring.boot.autoconfigure.ResilienceAnnotationsAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.expression.EvaluationException;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code @RateLimit(key = ...)} under hostile input: keys that evaluate to {@code null} or throw (documented in
 * README, "Reliability"), and a key-cardinality attack (a million distinct keys): the number of limiters held
 * never exceeds {@code max-keys}.
 */
class RateLimitKeyTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class,
                    ResilienceAnnotationsAutoConfiguration.class, AopAutoConfiguration.class))
            .withBean(Api.class)
            .withPropertyValues("resilience.rate-limiter.instances.perUser.limit-for-period=2",
                    "resilience.rate-limiter.instances.perUser.limit-refresh-period=1h",
                    "resilience.rate-limiter.instances.perUser.max-keys=1000");

    @Test
    void keysThatEvaluateToNullShareOneLimit() {
        runner.run(context -> {
            Api api = context.getBean(Api.class);
            assertThat(api.byUser(null)).isEqualTo("ok");
            assertThat(api.byTenant(new Request(null))).isEqualTo("ok");
            // byUser and byTenant are the same instance 'perUser', so the null key has used both its permits.
            assertThatThrownBy(() -> api.byUser(null)).isInstanceOf(RateLimitExceededException.class);
            assertThat(api.byUser("alice")).as("other keys are unaffected").isEqualTo("ok");
        });
    }

    @Test
    void aKeyThatThrowsFailsTheCallWithoutRunningTheMethodOrTakingAPermit() {
        runner.run(context -> {
            Api api = context.getBean(Api.class);
            assertThatThrownBy(() -> api.byTenant(null)).isInstanceOf(EvaluationException.class)
                    .hasMessageContaining("tenant");
            assertThat(api.callCount()).as("the method did not run").isZero();
            KeyedRateLimiter limiter = context.getBean(KeyedRateLimiterRegistry.class).get("perUser");
            assertThat(limiter.size()).as("no limiter was created for a key that could not be evaluated").isZero();
        });
    }

    @Test
    void aMillionDistinctKeysNeverHoldMoreThanMaxKeys() {
        runner.run(context -> {
            Api api = context.getBean(Api.class);
            KeyedRateLimiter limiter = context.getBean(KeyedRateLimiterRegistry.class).get("perUser");
            int attackers = Integer.getInteger("hardening.keys", 1_000_000);
            int rejected = 0;
            for (int i = 0; i < attackers; i++) {
                try {
                    api.byUser("attacker-" + i);
                } catch (RateLimitExceededException beyondMaxKeys) {
                    rejected++;
                }
                if ((i & 0xFFFF) == 0) {
                    assertThat(limiter.size()).isLessThanOrEqualTo(1000);
                }
            }
            assertThat(limiter.size()).isEqualTo(1000);
            // Within the hour no held key is at rest, so none is evicted: the first 1,000 keys got their own
            // limit, every later key shares one key's limit (2) with the others.
            assertThat(api.callCount()).isEqualTo(1000 + 2);
            assertThat(rejected).isEqualTo(attackers - 1000 - 2);
        });
    }

    record Request(String tenant) {
    }

    static class Api {
        private final AtomicInteger calls = new AtomicInteger();

        public int callCount() {
            return calls.get();
        }

        @RateLimit(name = "perUser", key = "#user")
        public String byUser(String user) {
            calls.incrementAndGet();
            return "ok";
        }

        @RateLimit(name = "perUser", key = "#request.tenant")
        public String byTenant(Request request) {
            calls.incrementAndGet();
            return "ok";
        }
    }
}
