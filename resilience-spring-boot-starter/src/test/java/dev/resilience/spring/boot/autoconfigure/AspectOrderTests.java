package dev.resilience.spring.boot.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AspectOrderTests {

    @Test
    void emptyMeansTheContractOrder() {
        assertThat(AspectOrder.of(List.of()).keys())
                .containsExactly("fallback", "retry", "circuit-breaker", "rate-limiter", "timeout", "bulkhead");
        assertThat(AspectOrder.of(List.of())).isSameAs(AspectOrder.defaultOrder());
    }

    @Test
    void aFullListIsTakenAsIs() {
        List<String> order = List.of("bulkhead", "timeout", "rate-limiter", "circuit-breaker", "retry", "fallback");
        assertThat(AspectOrder.of(order).keys()).isEqualTo(order);
    }

    @Test
    void aPartialListReordersOnlyTheKeysItNames() {
        assertThat(AspectOrder.of(List.of("circuit-breaker", "retry")).keys())
                .containsExactly("fallback", "circuit-breaker", "retry", "rate-limiter", "timeout", "bulkhead");
        assertThat(AspectOrder.of(List.of("bulkhead", "fallback")).keys())
                .containsExactly("bulkhead", "retry", "circuit-breaker", "rate-limiter", "timeout", "fallback");
        assertThat(AspectOrder.of(List.of("retry")).keys()).isEqualTo(AspectOrder.DEFAULT_KEYS);
    }

    @Test
    void keysAreTrimmed() {
        assertThat(AspectOrder.of(List.of(" timeout ", "rate-limiter")).position("timeout")).isEqualTo(3);
    }

    @Test
    void positionsWithTheThreadPoolBulkheadInTheBulkheadsPlace() {
        AspectOrder order = AspectOrder.of(List.of("bulkhead", "retry"));
        assertThat(order.position("bulkhead")).isEqualTo(1);
        assertThat(order.position("thread-pool-bulkhead")).isEqualTo(1);
        assertThat(order.position("fallback")).isZero();
        assertThatIllegalArgumentException().isThrownBy(() -> order.position("cache"));
    }

    @Test
    void unknownKey() {
        assertThatExceptionOfType(ResilienceConfigurationException.class)
                .isThrownBy(() -> AspectOrder.of(List.of("retry", "circuitbreaker")))
                .withMessage("Invalid 'resilience.aspect-order[1]' (circuitbreaker): must be one of "
                        + "[fallback, retry, circuit-breaker, rate-limiter, timeout, bulkhead]")
                .satisfies(e -> assertThat(e.property()).isEqualTo("resilience.aspect-order[1]"));
    }

    @Test
    void repeatedKey() {
        assertThatExceptionOfType(ResilienceConfigurationException.class)
                .isThrownBy(() -> AspectOrder.of(List.of("timeout", "retry", "timeout")))
                .withMessage("Invalid 'resilience.aspect-order[2]' (timeout): already listed at "
                        + "'resilience.aspect-order[0]'; each key may appear at most once");
    }

    @Test
    void equalityAndText() {
        assertThat(AspectOrder.of(List.of("retry", "fallback"))).isEqualTo(AspectOrder.of(List.of("retry", "fallback")))
                .hasSameHashCodeAs(AspectOrder.of(List.of("retry", "fallback")))
                .isNotEqualTo(AspectOrder.defaultOrder());
        assertThat(AspectOrder.defaultOrder()).hasToString(
                "AspectOrder[fallback, retry, circuit-breaker, rate-limiter, timeout, bulkhead]");
    }
}
