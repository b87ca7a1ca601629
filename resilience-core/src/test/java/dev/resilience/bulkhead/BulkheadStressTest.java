package dev.resilience.bulkhead;

import dev.resilience.core.Pipeline;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutConfig;
import dev.resilience.timeout.TimeoutExceededException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 16 threads hammer one bulkhead with every way a call can end: success, failure, an interrupt while running,
 * an interrupt while waiting, a timeout outside the bulkhead, asynchronous success, failure and cancellation.
 * Invariants: never more than {@code max-concurrent-calls} callers inside; once everything has ended, every
 * permit is back. Nothing here depends on timing: the random mix only changes which paths race.
 */
class BulkheadStressTest {

    private static final int MAX = 4;
    private static final int THREADS = 16;
    private static final int CALLS_PER_THREAD = 1000;

    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger mostInside = new AtomicInteger();
    private final AtomicReference<String> violation = new AtomicReference<>();

    private void enter() {
        int now = inside.incrementAndGet();
        mostInside.accumulateAndGet(now, Math::max);
        if (now > MAX) {
            violation.compareAndSet(null, now + " callers inside a bulkhead of " + MAX);
        }
    }

    private void exit() {
        inside.decrementAndGet();
    }

    @Test
    void neverMoreThanTheLimitInsideAndEveryPermitComesBack() throws Exception {
        Bulkhead bulkhead = Bulkhead.of("stress", BulkheadConfig.builder().maxConcurrentCalls(MAX)
                .maxWaitDuration(Duration.ofMillis(2)).build());
        Timeout timeout = Timeout.of("stress", TimeoutConfig.builder().timeoutDuration(Duration.ofMillis(1)).build());
        Pipeline timedBulkhead = Pipeline.of(timeout, bulkhead);
        ExecutorService callers = Executors.newFixedThreadPool(THREADS);
        ExecutorService asyncWork = Executors.newFixedThreadPool(4);
        List<CompletableFuture<?>> asyncResults = new CopyOnWriteArrayList<>();
        AtomicInteger successes = new AtomicInteger();
        AtomicInteger rejections = new AtomicInteger();
        AtomicInteger timeouts = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        CountDownLatch done = new CountDownLatch(THREADS);
        try {
            for (int t = 0; t < THREADS; t++) {
                callers.execute(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < CALLS_PER_THREAD; i++) {
                            int kind = ThreadLocalRandom.current().nextInt(9);
                            try {
                                switch (kind) {
                                    case 0 -> bulkhead.executeRunnable(() -> {
                                        enter();
                                        exit();
                                        successes.incrementAndGet();
                                    });
                                    case 1 -> bulkhead.executeRunnable(() -> {
                                        enter();
                                        exit();
                                        throw new IllegalStateException("failure");
                                    });
                                    case 2 -> bulkhead.executeRunnable(() -> {
                                        // Interrupted while running: the call sees it and ends.
                                        enter();
                                        try {
                                            Thread.currentThread().interrupt();
                                            new CountDownLatch(1).await();
                                        } catch (InterruptedException e) {
                                            throw new IllegalStateException(e);
                                        } finally {
                                            exit();
                                        }
                                    });
                                    case 3 -> {
                                        // Interrupted before or while waiting: no permit may be taken.
                                        Thread.currentThread().interrupt();
                                        bulkhead.executeRunnable(() -> {
                                            enter();
                                            exit();
                                        });
                                    }
                                    case 4 -> timedBulkhead.executeCallable(() -> {
                                        enter();
                                        try {
                                            new CountDownLatch(1).await(); // until the timeout interrupts it
                                            return null;
                                        } finally {
                                            exit();
                                        }
                                    });
                                    case 5 -> asyncResults.add(bulkhead.executeCompletionStage(
                                            () -> CompletableFuture.supplyAsync(() -> {
                                                enter();
                                                exit();
                                                return "async";
                                            }, asyncWork)).toCompletableFuture());
                                    case 6 -> asyncResults.add(bulkhead.executeCompletionStage(
                                            () -> CompletableFuture.<String>supplyAsync(() -> {
                                                enter();
                                                exit();
                                                throw new IllegalStateException("async failure");
                                            }, asyncWork)).toCompletableFuture());
                                    case 7 -> {
                                        CompletableFuture<String> result = bulkhead.<String>executeCompletionStage(
                                                CompletableFuture::new).toCompletableFuture();
                                        result.cancel(true);
                                        asyncResults.add(result);
                                    }
                                    default -> {
                                        if (bulkhead.tryAcquirePermission()) {
                                            enter();
                                            exit();
                                            bulkhead.releasePermission();
                                        }
                                    }
                                }
                            } catch (BulkheadFullException e) {
                                rejections.incrementAndGet();
                            } catch (TimeoutExceededException e) {
                                timeouts.incrementAndGet();
                            } catch (IllegalStateException expected) {
                                // the call's own failure, or a CancellationException: interrupted while waiting
                            } finally {
                                Thread.interrupted();
                            }
                        }
                    } catch (Throwable unexpected) {
                        violation.compareAndSet(null, unexpected.toString());
                    } finally {
                        done.countDown();
                    }
                });
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            CompletableFuture.allOf(asyncResults.toArray(CompletableFuture[]::new))
                    .handle((v, t) -> v).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> bulkhead.metrics().availableConcurrentCalls() == MAX && inside.get() == 0);

            assertThat(violation.get()).isNull();
            assertThat(mostInside.get()).isBetween(1, MAX);
            assertThat(successes.get()).isPositive();
            assertThat(timeouts.get()).isPositive();
            // Every permit is back: exactly MAX can be taken, not one more.
            for (int i = 0; i < MAX; i++) {
                assertThat(bulkhead.tryAcquirePermission()).isTrue();
            }
            assertThat(bulkhead.tryAcquirePermission()).isFalse();
        } finally {
            callers.shutdownNow();
            asyncWork.shutdownNow();
        }
    }
}
