package dev.resilience.timeout.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The platform-thread fallback used on JDKs without virtual threads. */
class TimeoutWorkersTest {

    @Test
    void sequentialCallsReuseOneIdleThread() throws Exception {
        ThreadPoolExecutor pool = (ThreadPoolExecutor) TimeoutWorkers.platformThreadPool();
        try {
            Thread first = pool.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
            for (int i = 0; i < 5; i++) {
                // Once the worker is idle (parked waiting for work), the next call goes to it.
                await().atMost(Duration.ofSeconds(5)).until(() -> first.getState() == Thread.State.TIMED_WAITING);
                assertThat(pool.submit(Thread::currentThread).get(5, TimeUnit.SECONDS)).isSameAs(first);
            }
            assertThat(first.getName()).isEqualTo("resilience-timeout-1");
            assertThat(pool.getLargestPoolSize()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void beyondTheBoundCallsQueueForTheNextFreeThread() throws Exception {
        ThreadPoolExecutor pool = (ThreadPoolExecutor) TimeoutWorkers.platformThreadPool();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch allBusy = new CountDownLatch(TimeoutWorkers.MAX_PLATFORM_THREADS);
        try {
            for (int i = 0; i < TimeoutWorkers.MAX_PLATFORM_THREADS; i++) {
                pool.execute(() -> {
                    allBusy.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertThat(allBusy.await(10, TimeUnit.SECONDS)).isTrue();

            Future<String> queued = pool.submit(() -> "ran");

            assertThat(pool.getPoolSize()).isEqualTo(TimeoutWorkers.MAX_PLATFORM_THREADS);
            assertThat(pool.getQueue()).hasSize(1);
            release.countDown();
            assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("ran");
            assertThat(pool.getLargestPoolSize()).isEqualTo(TimeoutWorkers.MAX_PLATFORM_THREADS);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aShutDownPoolRejects() {
        ExecutorService pool = TimeoutWorkers.platformThreadPool();
        pool.shutdown();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pool.execute(() -> { }))
                .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
    }
}
