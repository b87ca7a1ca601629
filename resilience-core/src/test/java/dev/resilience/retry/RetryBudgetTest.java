package dev.resilience.retry;

import dev.resilience.core.InvalidConfigurationException;
import dev.resilience.testing.ManualScheduler;
import dev.resilience.testing.ManualTicker;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryBudgetTest {

    private final ManualTicker ticker = new ManualTicker();

    private RetryBudget budget(double ratio, int minPerSecond, Duration ttl) {
        return RetryBudget.builder().retryRatio(ratio).minRetriesPerSecond(minPerSecond).ttl(ttl).ticker(ticker)
                .build();
    }

    private static int withdrawAll(RetryBudget budget) {
        int granted = 0;
        while (budget.tryWithdraw()) {
            granted++;
        }
        return granted;
    }

    @Nested
    class Allowance {

        @Test
        void theFloorAllowsMinRetriesPerSecondTimesTtlWithoutAnyCall() {
            RetryBudget budget = budget(0.2, 3, Duration.ofSeconds(2));

            assertThat(budget.balance()).isEqualTo(6);
            assertThat(withdrawAll(budget)).isEqualTo(6);
            assertThat(budget.balance()).isZero();
        }

        @Test
        void theRatioAddsAShareOfRecentCalls() {
            RetryBudget budget = budget(0.5, 0, Duration.ofSeconds(10));

            for (int i = 0; i < 10; i++) {
                budget.deposit();
            }

            assertThat(budget.balance()).isEqualTo(5);
            assertThat(withdrawAll(budget)).isEqualTo(5);
        }

        @Test
        void ratioZeroAndNoFloorNeverRetries() {
            RetryBudget budget = budget(0, 0, Duration.ofSeconds(1));
            budget.deposit();

            assertThat(budget.tryWithdraw()).isFalse();
        }

        @Test
        void callsAndRetriesExpireAfterTheTtl() {
            RetryBudget budget = budget(1, 1, Duration.ofSeconds(1));
            budget.deposit();
            budget.deposit();
            assertThat(withdrawAll(budget)).isEqualTo(3);

            ticker.advance(Duration.ofMillis(999));
            assertThat(budget.tryWithdraw()).isFalse();

            ticker.advance(Duration.ofMillis(1));
            assertThat(budget.balance()).isEqualTo(1);
        }

        @Test
        void theWindowSlidesInTenthsOfTheTtl() {
            RetryBudget budget = budget(1, 0, Duration.ofSeconds(10));
            budget.deposit();
            ticker.advance(Duration.ofSeconds(5));
            budget.deposit();
            budget.deposit();
            assertThat(budget.balance()).isEqualTo(3);

            ticker.advance(Duration.ofSeconds(5)); // the first call is 10 s old
            assertThat(budget.balance()).isEqualTo(2);

            ticker.advance(Duration.ofMillis(4_999));
            assertThat(budget.balance()).isEqualTo(2);
            ticker.advance(Duration.ofMillis(1));
            assertThat(budget.balance()).isZero();
        }

        @Test
        void slotsAreReusedAfterLongIdlePeriods() {
            RetryBudget budget = budget(1, 0, Duration.ofSeconds(1));
            for (int round = 0; round < 50; round++) {
                budget.deposit();
                assertThat(budget.balance()).isEqualTo(1);
                assertThat(budget.tryWithdraw()).isTrue();
                assertThat(budget.tryWithdraw()).isFalse();
                ticker.advance(Duration.ofMillis(1_000 + 137L * round));
            }
        }

        @Test
        void worksWithNegativeTickerValues() {
            ManualTicker negative = new ManualTicker(-5_000_000_000L);
            RetryBudget budget = RetryBudget.builder().retryRatio(1).minRetriesPerSecond(0)
                    .ttl(Duration.ofSeconds(1)).ticker(negative).build();

            budget.deposit();
            assertThat(budget.balance()).isEqualTo(1);
            negative.advance(Duration.ofSeconds(1));
            assertThat(budget.balance()).isZero();
            budget.deposit();
            assertThat(budget.tryWithdraw()).isTrue();
        }

        @Test
        void defaults() {
            RetryBudget budget = RetryBudget.ofDefaults();

            assertThat(budget).hasToString("RetryBudget[retryRatio=0.2, minRetriesPerSecond=10, ttl=PT10S]");
            assertThat(budget.balance()).isEqualTo(100);
        }
    }

    @Nested
    class Validation {

        @Test
        void messagesNameThePropertyAndTheRule() {
            assertThatThrownBy(() -> RetryBudget.builder().retryRatio(-0.1))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid 'retry-ratio' (-0.1): must be between 0 and 1000");
            assertThatThrownBy(() -> RetryBudget.builder().retryRatio(Double.NaN))
                    .hasMessage("Invalid 'retry-ratio' (NaN): must be between 0 and 1000");
            assertThatThrownBy(() -> RetryBudget.builder().minRetriesPerSecond(-1))
                    .hasMessage("Invalid 'min-retries-per-second' (-1): must be at least 0");
            assertThatThrownBy(() -> RetryBudget.builder().ttl(Duration.ofNanos(999_999)))
                    .hasMessage("Invalid 'ttl' (PT0.000999999S): must be at least 1ms");
            assertThatThrownBy(() -> RetryBudget.of(0.2, 10, null))
                    .hasMessage("Invalid 'ttl' (null): must not be null");
        }
    }

    @Nested
    class WithRetry {

        private final RecordingListener listener = new RecordingListener();

        @Test
        void aRefusedRetryEndsTheCallWithTheLastFailureUnchanged() {
            RetryBudget budget = budget(0, 1, Duration.ofSeconds(1)); // one retry in all
            Retry retry = Retry.of("backend", RetryConfig.builder().maxAttempts(5).waitDuration(Duration.ZERO)
                    .retryBudget(budget).build());
            retry.addListener(listener);
            AtomicInteger calls = new AtomicInteger();
            IOException[] last = new IOException[1];

            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> retry.executeCallable(() -> {
                last[0] = new IOException("attempt " + calls.incrementAndGet());
                throw last[0];
            }));

            assertThat(thrown).isSameAs(last[0]).hasMessage("attempt 2").hasNoSuppressedExceptions();
            assertThat(listener.events).containsExactly("retry 1 wait=PT0S IOException(attempt 1)",
                    "budget-exhausted 2 IOException(attempt 2)", "error 2 IOException(attempt 2)");
            assertThat(retry.metrics().failedCallsWithRetry()).isEqualTo(1);
        }

        @Test
        void aRefusedResultRetryReturnsTheLastResult() {
            RetryBudget budget = budget(0, 0, Duration.ofSeconds(1));
            Retry retry = Retry.of("backend", RetryConfig.builder().retryOnResult("busy"::equals)
                    .retryBudget(budget).build());
            retry.addListener(listener);

            assertThat(retry.executeSupplier(() -> "busy")).isEqualTo("busy");

            assertThat(listener.events).containsExactly("budget-exhausted 1 result", "error 1 result");
        }

        @Test
        void isSharedBetweenRetriesAndDepositsOncePerCall() {
            RetryBudget budget = budget(0.5, 0, Duration.ofSeconds(10));
            Retry first = Retry.of("first", RetryConfig.builder().waitDuration(Duration.ZERO).retryBudget(budget)
                    .build());
            Retry second = Retry.of("second", RetryConfig.builder().waitDuration(Duration.ZERO).retryBudget(budget)
                    .build());

            for (int i = 0; i < 4; i++) {
                first.executeSupplier(() -> "ok");
                second.executeSupplier(() -> "ok");
            }
            assertThat(budget.balance()).isEqualTo(4);

            AtomicInteger calls = new AtomicInteger();
            org.assertj.core.api.Assertions.catchThrowable(() -> first.executeRunnable(() -> {
                calls.incrementAndGet();
                throw new IllegalStateException();
            }));
            // The failing call deposited too: 9 calls allow 4.5 retries; it makes 2 (max-attempts 3), leaving 2.5.
            assertThat(calls).hasValue(3);
            assertThat(budget.balance()).isEqualTo(2);
        }

        @Test
        void maxAttemptsOneNeverWithdraws() {
            RetryBudget budget = budget(0, 1, Duration.ofSeconds(1));
            Retry retry = Retry.of("backend", RetryConfig.builder().maxAttempts(1).retryBudget(budget).build());

            org.assertj.core.api.Assertions.catchThrowable(() -> retry.executeRunnable(() -> {
                throw new IllegalStateException();
            }));

            assertThat(budget.balance()).isEqualTo(1);
        }

        @Test
        void asynchronousCallsUseTheBudgetToo() {
            RetryBudget budget = budget(0, 0, Duration.ofSeconds(1));
            ManualScheduler scheduler = new ManualScheduler();
            Retry retry = Retry.of("backend", RetryConfig.builder().retryBudget(budget).scheduler(scheduler).build());
            retry.addListener(listener);
            IOException failure = new IOException("down");

            Throwable result = retry.executeCompletionStage(
                    () -> java.util.concurrent.CompletableFuture.<String>failedFuture(failure))
                    .handle((v, t) -> t).toCompletableFuture().join();

            assertThat(result).isSameAs(failure);
            assertThat(scheduler.delays()).isEmpty();
            assertThat(listener.events).containsExactly("budget-exhausted 1 IOException(down)",
                    "error 1 IOException(down)");
        }
    }

    @Nested
    class Concurrency {

        @Test
        void manyThreadsNeverGetMuchMoreThanTheBudgetAndNeverLess() throws Exception {
            int threads = 16;
            int depositsPerThread = 1_000;
            RetryBudget budget = budget(0.1, 5, Duration.ofSeconds(10)); // 50 + 0.1 * 16 000 = 1 650
            CyclicBarrier barrier = new CyclicBarrier(threads);
            AtomicLong granted = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> {
                        barrier.await();
                        for (int i = 0; i < depositsPerThread; i++) {
                            budget.deposit();
                        }
                        barrier.await();
                        for (int i = 0; i < 500; i++) {
                            if (budget.tryWithdraw()) {
                                granted.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> future : futures) {
                    future.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(granted.get()).isBetween(1_650L, 1_650L + threads);
            assertThat(budget.balance()).isZero();
        }
    }
}
