package dev.resilience.bulkhead;

import dev.resilience.core.InvalidConfigurationException;
import dev.resilience.core.event.ResilienceEvent;
import dev.resilience.timeout.Deadline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ThreadPoolBulkheadTest {

    private final List<ThreadPoolBulkhead> created = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        created.forEach(ThreadPoolBulkhead::close);
    }

    private ThreadPoolBulkhead bulkhead(int core, int max, int queue) {
        return track(ThreadPoolBulkhead.of("backend", ThreadPoolBulkheadConfig.builder().coreThreadPoolSize(core)
                .maxThreadPoolSize(max).queueCapacity(queue).build()));
    }

    private ThreadPoolBulkhead track(ThreadPoolBulkhead bulkhead) {
        created.add(bulkhead);
        return bulkhead;
    }

    /** A blocking call that holds its pool thread until the test ends. */
    private String blocking() throws InterruptedException {
        release.await(30, TimeUnit.SECONDS);
        return "released";
    }

    @Test
    void configDefaultsAndValidation() {
        ThreadPoolBulkheadConfig defaults = ThreadPoolBulkheadConfig.ofDefaults();
        int cpus = Runtime.getRuntime().availableProcessors();
        assertThat(defaults.maxThreadPoolSize()).isEqualTo(cpus);
        assertThat(defaults.coreThreadPoolSize()).isEqualTo(Math.max(1, cpus - 1));
        assertThat(defaults.queueCapacity()).isEqualTo(100);
        assertThat(defaults.keepAliveDuration()).isEqualTo(Duration.ofMillis(20));
        assertThat(defaults.writableStackTraceEnabled()).isFalse();

        assertThatThrownBy(() -> ThreadPoolBulkheadConfig.builder().coreThreadPoolSize(0))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid 'core-thread-pool-size' (0): must be at least 1");
        assertThatThrownBy(() -> ThreadPoolBulkheadConfig.builder().maxThreadPoolSize(0))
                .hasMessage("Invalid 'max-thread-pool-size' (0): must be at least 1");
        assertThatThrownBy(() -> ThreadPoolBulkheadConfig.builder().queueCapacity(-1))
                .hasMessage("Invalid 'queue-capacity' (-1): must be at least 0");
        assertThatThrownBy(() -> ThreadPoolBulkheadConfig.builder().keepAliveDuration(Duration.ofMillis(-1)))
                .hasMessage("Invalid 'keep-alive-duration' (PT-0.001S): must not be negative");
        assertThatThrownBy(() -> ThreadPoolBulkheadConfig.builder().coreThreadPoolSize(8).maxThreadPoolSize(4).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Invalid 'core-thread-pool-size' (8): must not be greater than 'max-thread-pool-size' (4)");

        ThreadPoolBulkheadConfig base = ThreadPoolBulkheadConfig.builder().coreThreadPoolSize(2).maxThreadPoolSize(3)
                .queueCapacity(7).keepAliveDuration(Duration.ofSeconds(1)).build();
        ThreadPoolBulkheadConfig copy = ThreadPoolBulkheadConfig.from(base).build();
        assertThat(copy).hasToString(
                "ThreadPoolBulkheadConfig[coreThreadPoolSize=2, maxThreadPoolSize=3, queueCapacity=7, keepAliveDuration=1s]");
    }

    @Test
    void isAnAsynchronousOnlyPolicyThatASynchronousPipelineRefusesWhenItIsBuilt() throws Exception {
        ThreadPoolBulkhead bulkhead = bulkhead(1, 1, 1);
        // The type says it: no synchronous entry point at all.
        assertThat(bulkhead).isInstanceOf(dev.resilience.core.AsyncPolicy.class)
                .isNotInstanceOf(dev.resilience.core.Policy.class);
        dev.resilience.core.Pipeline.Builder builder = dev.resilience.core.Pipeline.builder().name("orders")
                .add(Bulkhead.ofDefaults("semaphore")).add(bulkhead);
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Pipeline 'orders' cannot run synchronous calls: 'backend' (DefaultThreadPoolBulkhead) "
                        + "runs calls only asynchronously; build the pipeline with buildAsync() and run "
                        + "CompletionStages");
        dev.resilience.core.AsyncPipeline async = builder.buildAsync();
        assertThat(async).isNotInstanceOf(dev.resilience.core.Pipeline.class);
        Thread thread = async.executeAsync(() -> CompletableFuture.completedFuture(Thread.currentThread()))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(thread.getName()).startsWith("resilience-bulkhead-backend-");
    }

    @Test
    void callsRunOnNamedDaemonPoolThreads() throws Exception {
        ThreadPoolBulkhead bulkhead = bulkhead(1, 1, 10);
        Thread thread = bulkhead.submit(Thread::currentThread).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(thread.getName()).isEqualTo("resilience-bulkhead-backend-1");
        assertThat(thread.isDaemon()).isTrue();
        assertThat(bulkhead.submitSupplier(() -> "supplied").toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isEqualTo("supplied");
    }

    @Test
    void theStartOfAnAsynchronousCallRunsOnThePool() throws Exception {
        ThreadPoolBulkhead bulkhead = bulkhead(1, 1, 10);
        CompletionStage<String> result = bulkhead.executeCompletionStage(
                () -> CompletableFuture.completedFuture(Thread.currentThread().getName()));
        assertThat(result.toCompletableFuture().get(5, TimeUnit.SECONDS)).startsWith("resilience-bulkhead-backend-");
    }

    @Test
    void exceptionsArePassedOnUnchanged() {
        ThreadPoolBulkhead bulkhead = bulkhead(1, 1, 10);
        IOException failure = new IOException("disk");
        CompletionStage<String> result = bulkhead.submit(() -> {
            throw failure;
        });
        assertThatThrownBy(() -> result.toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isSameAs(failure);
    }

    @Test
    void whenThreadsAndQueueAreFullCallsAreRejected() {
        ThreadPoolBulkhead bulkhead = bulkhead(1, 2, 1);
        RecordingBulkheadListener listener = new RecordingBulkheadListener();
        bulkhead.addListener(listener);
        // core thread busy, one queued, the queue full starts the second (max) thread, then full.
        bulkhead.submit(this::blocking);
        bulkhead.submit(this::blocking);
        bulkhead.submit(this::blocking);
        await().atMost(Duration.ofSeconds(5)).until(() -> bulkhead.metrics().activeThreadCount() == 2);
        assertThat(bulkhead.metrics().queueDepth()).isEqualTo(1);
        assertThat(bulkhead.metrics().remainingQueueCapacity()).isZero();
        assertThat(bulkhead.metrics().threadPoolSize()).isEqualTo(2);
        assertThat(bulkhead.metrics().queueCapacity()).isEqualTo(1);
        assertThat(bulkhead.metrics().coreThreadPoolSize()).isEqualTo(1);
        assertThat(bulkhead.metrics().maximumThreadPoolSize()).isEqualTo(2);

        AtomicInteger started = new AtomicInteger();
        CompletionStage<Integer> rejected = bulkhead.submit(started::incrementAndGet);

        assertThatThrownBy(rejected.toCompletableFuture()::join).cause()
                .isInstanceOfSatisfying(BulkheadFullException.class, e -> assertThat(e.getStackTrace()).isEmpty())
                .hasMessage("Bulkhead 'backend' is full and does not permit further calls "
                        + "(max 2 threads, queue of 1 full)");
        assertThat(started).hasValue(0);
        assertThat(listener.calls).containsExactly("permitted", "permitted", "permitted", "rejected");
    }

    @Test
    void cancellingAQueuedCallFreesItsPlaceInTheQueue() {
        ThreadPoolBulkhead bulkhead = bulkhead(1, 1, 1);
        RecordingBulkheadListener listener = new RecordingBulkheadListener();
        bulkhead.addListener(listener);
        bulkhead.submit(this::blocking);
        AtomicInteger started = new AtomicInteger();
        CompletableFuture<Integer> queued = bulkhead.submit(started::incrementAndGet).toCompletableFuture();
        assertThat(bulkhead.metrics().queueDepth()).isEqualTo(1);

        queued.cancel(false);

        assertThat(bulkhead.metrics().queueDepth()).isZero();
        assertThat(listener.calls).containsExactly("permitted", "permitted", "finished");
        CompletableFuture<String> next = bulkhead.submit(() -> "next").toCompletableFuture();
        release.countDown();
        assertThat(next.join()).isEqualTo("next");
        assertThat(started).hasValue(0);
    }

    @Test
    void cancellingARunningCallCancelsItsStage() {
        ThreadPoolBulkhead bulkhead = bulkhead(1, 1, 1);
        CompletableFuture<String> call = new CompletableFuture<>();
        CompletableFuture<String> result = bulkhead.executeCompletionStage(() -> call).toCompletableFuture();
        await().atMost(Duration.ofSeconds(5)).until(() -> bulkhead.metrics().activeThreadCount() == 0
                && bulkhead.metrics().queueDepth() == 0);
        result.cancel(true);
        assertThat(call).isCancelled();
    }

    @Test
    void theTaskDecoratorWrapsEveryTask() throws Exception {
        ThreadLocal<String> context = new ThreadLocal<>();
        ThreadPoolBulkhead bulkhead = track(ThreadPoolBulkhead.of("backend", ThreadPoolBulkheadConfig.builder()
                .coreThreadPoolSize(1).maxThreadPoolSize(1).taskDecorator(task -> {
                    String captured = context.get();
                    return () -> {
                        context.set(captured);
                        try {
                            task.run();
                        } finally {
                            context.remove();
                        }
                    };
                }).build()));
        context.set("request-7");
        try {
            assertThat(bulkhead.submit(context::get).toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .isEqualTo("request-7");
        } finally {
            context.remove();
        }
    }

    @Test
    void reconfigureResizesThePoolInPlaceAndMovesToANewQueueWhenItsCapacityChanges() throws Exception {
        ThreadPoolBulkhead bulkhead = bulkhead(1, 1, 1);
        bulkhead.reconfigure(ThreadPoolBulkheadConfig.from(bulkhead.config()).coreThreadPoolSize(3)
                .maxThreadPoolSize(4).build());
        assertThat(bulkhead.metrics().coreThreadPoolSize()).isEqualTo(3);
        assertThat(bulkhead.metrics().maximumThreadPoolSize()).isEqualTo(4);
        bulkhead.reconfigure(ThreadPoolBulkheadConfig.from(bulkhead.config()).coreThreadPoolSize(1)
                .maxThreadPoolSize(2).build());
        assertThat(bulkhead.metrics().coreThreadPoolSize()).isEqualTo(1);
        assertThat(bulkhead.metrics().maximumThreadPoolSize()).isEqualTo(2);

        CompletableFuture<String> accepted = bulkhead.submit(this::blocking).toCompletableFuture();
        bulkhead.reconfigure(ThreadPoolBulkheadConfig.from(bulkhead.config()).queueCapacity(5).build());
        assertThat(bulkhead.metrics().queueCapacity()).isEqualTo(5);
        assertThat(bulkhead.metrics().remainingQueueCapacity()).isEqualTo(5);
        release.countDown();
        assertThat(accepted.get(5, TimeUnit.SECONDS)).isEqualTo("released");
        assertThat(bulkhead.submit(() -> "new pool").toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isEqualTo("new pool");
    }

    @Test
    void afterCloseNoCallIsAccepted() throws Exception {
        ThreadPoolBulkhead bulkhead = bulkhead(1, 1, 5);
        CompletableFuture<String> accepted = bulkhead.submit(() -> "before").toCompletableFuture();
        bulkhead.close();
        bulkhead.close();
        assertThat(accepted.get(5, TimeUnit.SECONDS)).isEqualTo("before");
        assertThatThrownBy(bulkhead.submit(() -> "after").toCompletableFuture()::join).cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Thread-pool bulkhead 'backend' is closed and accepts no more calls");
    }

    @Test
    void events() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
        ThreadPoolBulkhead bulkhead = track(ThreadPoolBulkhead.of("backend", ThreadPoolBulkheadConfig.builder()
                .coreThreadPoolSize(1).maxThreadPoolSize(1).queueCapacity(0).clock(clock).build()));
        List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
        bulkhead.onEvent(events::add);
        bulkhead.submit(this::blocking);
        await().atMost(Duration.ofSeconds(5)).until(() -> bulkhead.metrics().activeThreadCount() == 1);
        bulkhead.submit(() -> "rejected");
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 3);
        assertThat(events).extracting(ResilienceEvent::toString).containsExactly(
                "2026-01-02T03:04:05Z thread-pool-bulkhead 'backend' CALL_PERMITTED",
                "2026-01-02T03:04:05Z thread-pool-bulkhead 'backend' CALL_REJECTED",
                "2026-01-02T03:04:05Z thread-pool-bulkhead 'backend' CALL_FINISHED");
    }

    @Test
    void theSubmittersDeadlineIsCurrentOnThePoolThread() throws Throwable {
        ThreadPoolBulkhead bulkhead = bulkhead(1, 1, 1);
        Deadline deadline = Deadline.after(Duration.ofSeconds(30));
        CompletableFuture<Deadline> seen = Deadline.run(deadline,
                () -> bulkhead.submit(() -> Deadline.current().orElse(null)).toCompletableFuture());
        assertThat(seen.get(5, TimeUnit.SECONDS)).isSameAs(deadline);
        assertThat(bulkhead.submit(() -> Deadline.current().isPresent()).toCompletableFuture()
                .get(5, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void theRegistryClosesWhatItRemoves() {
        ThreadPoolBulkheadRegistry registry = ThreadPoolBulkheadRegistry.of(ThreadPoolBulkheadConfig.builder()
                .coreThreadPoolSize(1).maxThreadPoolSize(1).build());
        ThreadPoolBulkhead first = registry.get("first");
        ThreadPoolBulkhead second = registry.get("second");
        assertThat(registry.get("first")).isSameAs(first);

        registry.remove("first");
        assertThatThrownBy(first.submit(() -> "x").toCompletableFuture()::join).cause()
                .isInstanceOf(IllegalStateException.class);

        registry.close();
        assertThat(registry.all()).isEmpty();
        assertThatThrownBy(second.submit(() -> "x").toCompletableFuture()::join).cause()
                .isInstanceOf(IllegalStateException.class);
    }
}
