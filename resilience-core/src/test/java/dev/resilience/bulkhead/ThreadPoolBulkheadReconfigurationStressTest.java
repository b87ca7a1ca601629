package dev.resilience.bulkhead;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression (issue 8, defect 3): changing {@code queue-capacity} while calls are submitted swapped in a new
 * pool and shut the old one down while submitters still held it, so calls failed with "is closed" although the
 * bulkhead was open, and accepted calls could be lost: a JDK pool shut down while a call was being queued can
 * keep that call with no thread to run it. Here 8 threads submit while another keeps changing the queue
 * capacity (and the pool sizes). Invariants: every accepted call runs exactly once and its stage
 * completes; a rejected call never runs; the only rejection is {@link BulkheadFullException}.
 */
class ThreadPoolBulkheadReconfigurationStressTest {

    private static final int SUBMITTERS = 8;
    private static final int CALLS_PER_SUBMITTER = 3_000;
    private static final int CALLS = SUBMITTERS * CALLS_PER_SUBMITTER;

    @Test
    void everyAcceptedCallRunsExactlyOnceAndNoOpenBulkheadSaysItIsClosed() throws Exception {
        ThreadPoolBulkheadConfig small = ThreadPoolBulkheadConfig.builder().coreThreadPoolSize(1)
                .maxThreadPoolSize(2).queueCapacity(8).build();
        ThreadPoolBulkheadConfig large = ThreadPoolBulkheadConfig.builder().coreThreadPoolSize(2)
                .maxThreadPoolSize(3).queueCapacity(64).build();
        ThreadPoolBulkheadConfig direct = ThreadPoolBulkheadConfig.builder().coreThreadPoolSize(1)
                .maxThreadPoolSize(2).queueCapacity(0).build();
        List<ThreadPoolBulkheadConfig> configs = List.of(small, large, direct, large);
        AtomicIntegerArray runs = new AtomicIntegerArray(CALLS);
        List<CompletableFuture<Integer>> accepted = new ArrayList<>();
        Map<String, AtomicInteger> rejections = new ConcurrentHashMap<>();
        AtomicBoolean submitting = new AtomicBoolean(true);
        AtomicInteger reconfigurations = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(SUBMITTERS + 1);
        CyclicBarrier start = new CyclicBarrier(SUBMITTERS + 1);

        try (ThreadPoolBulkhead bulkhead = ThreadPoolBulkhead.of("reconfigured", small)) {
            Future<?> reconfigurer = threads.submit(() -> {
                start.await();
                int i = 0;
                while (submitting.get()) {
                    bulkhead.reconfigure(configs.get(i++ % configs.size()));
                    reconfigurations.incrementAndGet();
                    Thread.yield();
                }
                return null;
            });
            List<Future<List<CompletableFuture<Integer>>>> submitters = new ArrayList<>();
            for (int s = 0; s < SUBMITTERS; s++) {
                int first = s * CALLS_PER_SUBMITTER;
                submitters.add(threads.submit(() -> {
                    start.await();
                    List<CompletableFuture<Integer>> mine = new ArrayList<>();
                    for (int call = first; call < first + CALLS_PER_SUBMITTER; call++) {
                        int id = call;
                        CompletionStage<Integer> stage = bulkhead.submit(() -> {
                            runs.incrementAndGet(id);
                            return id;
                        });
                        CompletableFuture<Integer> future = stage.toCompletableFuture();
                        if (future.isCompletedExceptionally()) {
                            recordRejection(future, rejections);
                        } else {
                            mine.add(future);
                        }
                    }
                    return mine;
                }));
            }
            for (Future<List<CompletableFuture<Integer>>> submitter : submitters) {
                accepted.addAll(submitter.get(60, TimeUnit.SECONDS));
            }
            submitting.set(false);
            reconfigurer.get(60, TimeUnit.SECONDS);

            // A lost call's stage never completes: this would time out.
            CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        assertThat(rejections.keySet()).as("rejections other than 'full'").containsOnly(
                BulkheadFullException.class.getName());
        int acceptedRuns = 0;
        for (CompletableFuture<Integer> future : accepted) {
            int id = future.join();
            assertThat(runs.get(id)).as("runs of accepted call %d", id).isEqualTo(1);
            acceptedRuns++;
        }
        int totalRuns = 0;
        for (int id = 0; id < CALLS; id++) {
            totalRuns += runs.get(id);
        }
        assertThat(totalRuns).as("a rejected call never runs").isEqualTo(acceptedRuns);
        assertThat(reconfigurations.get()).as("the pool really was reconfigured under load").isGreaterThan(10);
        assertThat(accepted).as("calls were accepted").isNotEmpty();
    }

    /** Counts the failure of a stage that failed at once (a rejection) by exception class. */
    private static void recordRejection(CompletableFuture<Integer> future, Map<String, AtomicInteger> rejections) {
        try {
            future.join();
        } catch (CompletionException e) {
            rejections.computeIfAbsent(e.getCause().getClass().getName(), name -> new AtomicInteger())
                    .incrementAndGet();
        }
    }
}
