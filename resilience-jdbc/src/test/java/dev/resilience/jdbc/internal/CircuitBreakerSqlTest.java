package dev.resilience.jdbc.internal;

import dev.resilience.jdbc.JdbcSchema;
import dev.resilience.jdbc.testing.PostgresExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The breaker's statements against a real server, from several connections as several instances would. */
class CircuitBreakerSqlTest {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static DataSource db;
    static int names;

    @BeforeAll
    static void schema() throws Exception {
        db = postgres.server().dataSource(postgres.server().createDatabase());
        JdbcSchema.postgresql().apply(db);
    }

    @Test
    void theRowIsCreatedOnceClosedAndAConcurrentTransitionFromTheSameEpochWinsOnce() throws Exception {
        String name = "cas-" + names++;
        int instances = 8;
        CyclicBarrier start = new CyclicBarrier(instances);
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        List<Future<CircuitBreakerSql.Row>> results = new ArrayList<>();
        try {
            for (int i = 0; i < instances; i++) {
                String instance = "instance-" + i;
                results.add(pool.submit((Callable<CircuitBreakerSql.Row>) () -> {
                    try (Connection c = db.getConnection()) {
                        CircuitBreakerSql.insertIfAbsent(c, name, instance);
                        start.await();
                        return CircuitBreakerSql.transition(c, name, 0, "OPEN", 1, 60_000_000, 0, instance);
                    }
                }));
            }
            int winners = 0;
            for (Future<CircuitBreakerSql.Row> result : results) {
                CircuitBreakerSql.Row row = result.get();
                if (row != null) {
                    winners++;
                    assertThat(row.state).isEqualTo("OPEN");
                    assertThat(row.epoch).isEqualTo(1);
                    assertThat(row.changedBy).startsWith("instance-");
                }
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = db.getConnection()) {
            CircuitBreakerSql.Row row = CircuitBreakerSql.read(c, List.of(name)).get(0);
            assertThat(row.state).isEqualTo("OPEN");
            assertThat(row.periodMicros).isEqualTo(60_000_000);
            assertThat(row.readAtMicros).isGreaterThanOrEqualTo(row.sinceMicros);
        }
    }

    @Test
    void halfOpenAdmitsAtMostThePermittedTrialCallsAcrossAllConnections() throws Exception {
        String name = "trials-" + names++;
        int permitted = 5;
        try (Connection c = db.getConnection()) {
            CircuitBreakerSql.insertIfAbsent(c, name, "a");
            assertThat(CircuitBreakerSql.transition(c, name, 0, "HALF_OPEN", 1, -1, permitted, "a")).isNotNull();
        }
        int threads = 8;
        AtomicInteger admitted = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    try (Connection c = db.getConnection()) {
                        start.await();
                        for (int i = 0; i < 10; i++) {
                            if (CircuitBreakerSql.takeTrialPermit(c, name, 1)) {
                                admitted.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(admitted.get()).isEqualTo(permitted);
        try (Connection c = db.getConnection()) {
            assertThat(CircuitBreakerSql.takeTrialPermit(c, name, 2)).as("another epoch has no permits").isFalse();
            CircuitBreakerSql.returnTrialPermit(c, name, 1, permitted);
            assertThat(CircuitBreakerSql.takeTrialPermit(c, name, 1)).as("a returned permit can be taken again").isTrue();
            for (int i = 0; i < 10; i++) {
                CircuitBreakerSql.returnTrialPermit(c, name, 1, permitted);
            }
            assertThat(CircuitBreakerSql.read(c, List.of(name)).get(0).trialPermits)
                    .as("never more than permitted").isEqualTo(permitted);
        }
    }

    @Test
    void trialOutcomesAddUpAcrossConnectionsAndStopWhenThePeriodEnds() throws Exception {
        String name = "trial-outcomes-" + names++;
        try (Connection a = db.getConnection(); Connection b = db.getConnection()) {
            CircuitBreakerSql.insertIfAbsent(a, name, "a");
            CircuitBreakerSql.transition(a, name, 0, "HALF_OPEN", 1, -1, 3, "a");
            assertThat(CircuitBreakerSql.recordTrial(a, name, 1, true, false).calls).isEqualTo(1);
            CircuitBreakerSql.Trials trials = CircuitBreakerSql.recordTrial(b, name, 1, false, true);
            assertThat(trials.calls).isEqualTo(2);
            assertThat(trials.failed).isEqualTo(1);
            assertThat(trials.slow).isEqualTo(1);
            CircuitBreakerSql.transition(b, name, 1, "CLOSED", 2, -1, 0, "b");
            assertThat(CircuitBreakerSql.recordTrial(a, name, 1, true, false)).as("a late outcome").isNull();
        }
    }

    @Test
    void outcomesOfAllConnectionsAddUpPerBucketAndTheWindowSumsThem() throws Exception {
        String name = "window-" + names++;
        try (Connection a = db.getConnection(); Connection b = db.getConnection()) {
            CircuitBreakerSql.addOutcomes(a, List.of(
                    new CircuitBreakerSql.Delta(name, 3, 100, 10, 2, 1, 0),
                    new CircuitBreakerSql.Delta(name, 3, 101, 10, 4, 0, 0)));
            CircuitBreakerSql.addOutcomes(b, List.of(
                    new CircuitBreakerSql.Delta(name, 3, 101, 10, 6, 2, 1),
                    new CircuitBreakerSql.Delta(name, 2, 101, 99, 99, 0, 0)));

            CircuitBreakerSql.Totals timeBased = CircuitBreakerSql.window(a, name, 3, 100, Long.MAX_VALUE);
            assertThat(timeBased.calls).isEqualTo(30);
            assertThat(timeBased.failed).isEqualTo(12);
            assertThat(timeBased.slow).isEqualTo(3);
            assertThat(timeBased.slowFailed).isEqualTo(1);
            assertThat(CircuitBreakerSql.window(a, name, 3, 101, Long.MAX_VALUE).calls).as("bucket 100 left").isEqualTo(20);

            // Count-based, 25 calls: all 20 of bucket 101 and half of bucket 100, pro rata.
            CircuitBreakerSql.Totals countBased = CircuitBreakerSql.window(a, name, 3, Long.MIN_VALUE, 25);
            assertThat(countBased.calls).isEqualTo(25);
            assertThat(countBased.failed).isEqualTo(10 + 1);

            assertThat(CircuitBreakerSql.deleteOldOutcomes(a, name, 3, 101)).isEqualTo(2);
            assertThat(CircuitBreakerSql.window(a, name, 3, Long.MIN_VALUE, Long.MAX_VALUE).calls).isEqualTo(20);
        }
    }

    @Test
    void aTransitionNotifiesListenersAndTheListenerReconnectsAfterAnOutage() throws Exception {
        String name = "notify-" + names++;
        List<String> received = new CopyOnWriteArrayList<>();
        List<String> events = new CopyOnWriteArrayList<>();
        NotificationListener listener = new NotificationListener(db, CircuitBreakerSql.CHANNEL, received::add,
                new NotificationListener.Callbacks() {
                    @Override
                    public void connected() {
                        events.add("connected");
                    }

                    @Override
                    public void disconnected(Exception cause) {
                        events.add("disconnected");
                    }

                    @Override
                    public void unsupported(Exception cause) {
                        events.add("unsupported " + cause);
                    }
                }, 200, "test-listener");
        listener.start();
        try {
            await().atMost(10, TimeUnit.SECONDS).until(() -> events.contains("connected"));
            try (Connection c = db.getConnection()) {
                CircuitBreakerSql.insertIfAbsent(c, name, "a");
                CircuitBreakerSql.transition(c, name, 0, "OPEN", 1, 1_000_000, 0, "a");
                assertThat(CircuitBreakerSql.transition(c, name, 0, "OPEN", 1, 1_000_000, 0, "a"))
                        .as("a lost race changes nothing and notifies nobody").isNull();
            }
            await().atMost(5, TimeUnit.SECONDS).until(() -> received.contains(name));
            assertThat(received).containsOnlyOnce(name);

            postgres.server().stop();
            await().atMost(10, TimeUnit.SECONDS).until(() -> events.contains("disconnected"));
            postgres.server().start();
            await().atMost(20, TimeUnit.SECONDS).until(() -> events.lastIndexOf("connected") > events.indexOf("disconnected"));
            try (Connection c = db.getConnection()) {
                CircuitBreakerSql.transition(c, name, 1, "HALF_OPEN", 2, -1, 1, "a");
            }
            await().atMost(5, TimeUnit.SECONDS).until(() -> received.size() == 2);
            assertThat(events).containsExactly("connected", "disconnected", "connected");
        } finally {
            listener.close();
        }
    }
}
