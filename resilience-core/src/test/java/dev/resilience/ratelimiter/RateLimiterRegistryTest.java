package dev.resilience.ratelimiter;

import dev.resilience.core.registry.RegistryListener;
import dev.resilience.testing.ManualTicker;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimiterRegistryTest {

    private final ManualTicker ticker = new ManualTicker();
    private final RateLimiterConfig defaults = RateLimiterConfig.builder().limitForPeriod(5).ticker(ticker).build();
    private final RateLimiterConfig strict = RateLimiterConfig.from(defaults).limitForPeriod(1).build();

    @Test
    void sameNameSameInstanceWithTheDefaultConfig() {
        RateLimiterRegistry registry = RateLimiterRegistry.of(defaults);

        RateLimiter backend = registry.get("backend");

        assertThat(registry.get("backend")).isSameAs(backend);
        assertThat(backend.config()).isSameAs(defaults);
        assertThat(registry.find("backend")).containsSame(backend);
        assertThat(registry.find("other")).isEmpty();
        assertThat(RateLimiterRegistry.ofDefaults().defaultConfig()).isSameAs(RateLimiterConfig.ofDefaults());
    }

    @Test
    void keyedLimitersShareTheConfigurationsOfTheirName() {
        RateLimiterRegistry registry = RateLimiterRegistry.of(defaults);
        registry.addConfig("strict", strict);
        registry.configureInstance("api", strict);

        KeyedRateLimiter api = registry.keyed("api");

        assertThat(registry.keyed("api")).isSameAs(api);
        assertThat(api.config()).isSameAs(strict);
        assertThat(registry.get("api").config()).isSameAs(strict);
        assertThat(registry.keyed("other").config()).isSameAs(defaults);
        assertThat(registry.keyedLimiters().get("named", "strict").config()).isSameAs(strict);
        assertThat(registry.keyedLimiters().find("api")).containsSame(api);
        assertThat(registry.keyedLimiters().all()).extracting(KeyedRateLimiter::name)
                .containsExactly("api", "named", "other");
        assertThat(registry.all()).extracting(RateLimiter::name).containsExactly("api");
    }

    @Test
    void configureInstanceReconfiguresPlainAndKeyedInstancesInPlace() {
        RateLimiterRegistry registry = RateLimiterRegistry.of(defaults);
        RateLimiter plain = registry.get("api");
        KeyedRateLimiter keyed = registry.keyed("api");
        plain.acquirePermission();
        keyed.tryAcquirePermission("alice");

        registry.configureInstance("api", strict);

        assertThat(registry.get("api")).isSameAs(plain);
        assertThat(registry.keyed("api")).isSameAs(keyed);
        assertThat(plain.config()).isSameAs(strict);
        assertThat(keyed.config()).isSameAs(strict);
        assertThat(plain.tryAcquirePermission()).as("the used permit stays used").isFalse();
        assertThat(keyed.tryAcquirePermission("alice")).isFalse();
        assertThat(keyed.tryAcquirePermission("bob")).isTrue();
    }

    @Test
    void registryWideListenersReachPlainAndKeyedInstancesNowAndLater() {
        RateLimiterRegistry registry = RateLimiterRegistry.of(defaults);
        RateLimiter early = registry.get("early");
        AtomicInteger permitted = new AtomicInteger();
        RateLimiterListener listener = new RateLimiterListener() {
            @Override
            public void onPermitted(RateLimiter rateLimiter, int permits) {
                permitted.incrementAndGet();
            }
        };

        registry.addListener(listener);
        early.tryAcquirePermission();
        registry.get("late").tryAcquirePermission();
        registry.keyed("keyed").tryAcquirePermission("alice");
        assertThat(permitted).hasValue(3);

        registry.removeListener(listener);
        early.tryAcquirePermission();
        registry.keyed("keyed").tryAcquirePermission("alice");
        assertThat(permitted).hasValue(3);
    }

    @Test
    void registryListenersFollowKeyedInstances() {
        RateLimiterRegistry registry = RateLimiterRegistry.of(defaults);
        List<String> seen = new ArrayList<>();
        registry.keyedLimiters().addRegistryListener(new RegistryListener<>() {
            @Override
            public void onAdded(KeyedRateLimiter instance) {
                seen.add("added " + instance.name());
            }

            @Override
            public void onRemoved(KeyedRateLimiter instance) {
                seen.add("removed " + instance.name());
            }
        });

        registry.keyed("api");
        registry.keyedLimiters().remove("api");

        assertThat(seen).containsExactly("added api", "removed api");
    }

    @Test
    void anUnknownConfigNameIsRefused() {
        RateLimiterRegistry registry = RateLimiterRegistry.of(defaults);

        assertThatThrownBy(() -> registry.get("backend", "missing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No configuration named 'missing'; known: [default]");
    }

    @Test
    void aStandAloneKeyedRegistry() {
        KeyedRateLimiterRegistry registry = KeyedRateLimiterRegistry.of(strict);

        assertThat(registry.get("api").config()).isSameAs(strict);
        assertThat(KeyedRateLimiterRegistry.ofDefaults().get("api").config()).isSameAs(RateLimiterConfig.ofDefaults());
    }
}
