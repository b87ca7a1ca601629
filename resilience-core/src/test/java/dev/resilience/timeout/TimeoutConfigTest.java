package dev.resilience.timeout;

import dev.resilience.core.InvalidConfigurationException;
import dev.resilience.core.Ticker;
import dev.resilience.core.internal.SharedScheduler;
import dev.resilience.testing.ManualTicker;
import dev.resilience.timeout.internal.TimeoutWorkers;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeoutConfigTest {

    @Test
    void defaults() {
        TimeoutConfig config = TimeoutConfig.ofDefaults();
        assertThat(config.timeoutDuration()).isEqualTo(Duration.ofSeconds(1)).isEqualTo(TimeoutConfig.DEFAULT_TIMEOUT_DURATION);
        assertThat(config.timeoutNanos()).isEqualTo(1_000_000_000L);
        assertThat(config.cancelRunningFuture()).isTrue();
        assertThat(config.mode()).isEqualTo(TimeoutConfig.Mode.CALLER).isEqualTo(TimeoutConfig.DEFAULT_MODE);
        assertThat(config.executor()).isSameAs(TimeoutWorkers.get());
        assertThat(config.scheduler()).isSameAs(SharedScheduler.get());
        assertThat(config.ticker()).isSameAs(Ticker.system());
        assertThat(config.clock()).isEqualTo(Clock.systemUTC());
        Runnable task = () -> { };
        assertThat(config.taskDecorator().apply(task)).isSameAs(task);
        assertThat(config).hasToString("TimeoutConfig[timeoutDuration=1s, cancelRunningFuture=true, mode=caller]");
    }

    @Test
    void defaultWorkersAreVirtualThreadsOnlyWhereTheJdkHasThem() {
        boolean jdkHasVirtualThreads = Runtime.version().feature() >= 21;
        assertThat(TimeoutWorkers.usesVirtualThreads()).isEqualTo(jdkHasVirtualThreads);
    }

    @Test
    void zeroTimeoutIsAllowed() {
        assertThat(TimeoutConfig.builder().timeoutDuration(Duration.ZERO).build().timeoutNanos()).isZero();
    }

    @Test
    void hugeTimeoutIsCapped() {
        TimeoutConfig config = TimeoutConfig.builder().timeoutDuration(Duration.ofSeconds(Long.MAX_VALUE)).build();
        assertThat(config.timeoutNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void negativeTimeoutIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> TimeoutConfig.builder().timeoutDuration(Duration.ofMillis(-5)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid 'timeout-duration' (PT-0.005S): must not be negative");
        assertThatThrownBy(() -> TimeoutConfig.builder().timeoutDuration(null))
                .hasMessage("Invalid 'timeout-duration' (null): must not be null");
        assertThatThrownBy(() -> TimeoutConfig.builder().executor(null))
                .hasMessage("Invalid 'executor' (null): must not be null");
        assertThatThrownBy(() -> TimeoutConfig.builder().mode(null))
                .hasMessage("Invalid 'mode' (null): must not be null");
    }

    @Test
    void fromCopiesEverySettingAndBuildersAreReusable() {
        Executor executor = Runnable::run;
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            Ticker ticker = new ManualTicker();
            Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
            TimeoutConfig base = TimeoutConfig.builder().timeoutDuration(Duration.ofMillis(200))
                    .cancelRunningFuture(false).mode(TimeoutConfig.Mode.WORKER).executor(executor).scheduler(scheduler)
                    .ticker(ticker).clock(clock)
                    .build();
            TimeoutConfig.Builder builder = TimeoutConfig.from(base);
            TimeoutConfig copy = builder.build();
            assertThat(copy.timeoutDuration()).isEqualTo(Duration.ofMillis(200));
            assertThat(copy.cancelRunningFuture()).isFalse();
            assertThat(copy.mode()).isEqualTo(TimeoutConfig.Mode.WORKER);
            assertThat(copy.executor()).isSameAs(executor);
            assertThat(copy.scheduler()).isSameAs(scheduler);
            assertThat(copy.ticker()).isSameAs(ticker);
            assertThat(copy.clock()).isSameAs(clock);

            TimeoutConfig changed = builder.timeoutDuration(Duration.ofSeconds(3)).build();
            assertThat(changed.timeoutDuration()).isEqualTo(Duration.ofSeconds(3));
            assertThat(copy.timeoutDuration()).isEqualTo(Duration.ofMillis(200));
        } finally {
            scheduler.shutdownNow();
        }
    }
}
