package dev.resilience.samples;

import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.ratelimiter.KeyedRateLimiterRegistry;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's {@code postgres} profile: it starts its own PostgreSQL (on a random port here) and every breaker
 * and the two limiters share their state through it, while the default profile stays in memory.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "sample.postgres.port=0")
@ActiveProfiles("postgres")
class PostgresProfileTest {

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    RateLimiterRegistry limiters;

    @Autowired
    KeyedRateLimiterRegistry keyedLimiters;

    @Test
    void breakersAndLimitersShareTheirStateThroughPostgres() {
        assertThat(breakers.get("quotes").storeInfo().type()).isEqualTo("jdbc");
        assertThat(breakers.get("recommendations").storeInfo().isShared()).isTrue();
        assertThat(limiters.get("recommendations").storeInfo().type()).isEqualTo("jdbc");
        assertThat(keyedLimiters.get("profile").storeInfo().type()).isEqualTo("jdbc");
        assertThat(breakers.get("quotes").executeSupplier(() -> "through PostgreSQL")).isEqualTo("through PostgreSQL");
    }
}
