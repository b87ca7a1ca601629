package dev.resilience.jdbc.internal;

import dev.resilience.circuitbreaker.CircuitBreaker.State;
import dev.resilience.jdbc.JdbcSchema;
import dev.resilience.jdbc.testing.PostgresExtension;
import dev.resilience.store.spi.BreakerRecord;
import dev.resilience.store.spi.BreakerWrite;
import dev.resilience.store.spi.OutcomeCounts;
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

import static dev.resilience.circuitbreaker.CircuitBreakerConfig.SlidingWindowType.COUNT_BASED;
import static dev.resilience.circuitbreaker.CircuitBreakerConfig.SlidingWindowType.TIME_BASED;
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

    private static String name(String prefix) {
        return prefix + "-" + names++;
    }

    @Test
    void createIfAbsentWritesOnceAndAnswersTheStoredRecordOtherwise() throws Exception {
        String name = name("create");
        try (Connection c = db.getConnection()) {
            assertThat(CircuitBreakerSql.read(c, name)).isNull();
            BreakerWrite first = CircuitBreakerSql.compareAndSet(c, name, -1, State.CLOSED, 0, -1, "a");
            assertThat(first.applied()).isTrue();
            assertThat(first.current().state()).isEqualTo(State.CLOSED);
            assertThat(first.current().origin()).isEqualTo("a");
            long wall = System.currentTimeMillis();
            assertThat(first.current().sinceMillis()).as("database clock, ms").isBetween(wall - 60_000, wall + 60_000);

            BreakerWrite second = CircuitBreakerSql.compareAndSet(c, name, -1, State.OPEN, 5, 1000, "b");
            assertThat(second.applied()).isFalse();
            assertThat(second.current().origin()).isEqualTo("a");
            assertThat(second.current().epoch()).isZero();

            BreakerWrite missing = CircuitBreakerSql.compareAndSet(c, name("never-created"), 3, State.OPEN, 4, 1000, "b");
            assertThat(missing.applied()).isFalse();
            assertThat(missing.current()).isNull();
        }
    }

    @Test
    void ofManyInstancesEndingTheSamePeriodExactlyOneWinsAndTheOthersSeeItsRecord() throws Exception {
        String name = name("cas");
        try (Connection c = db.getConnection()) {
            CircuitBreakerSql.compareAndSet(c, name, -1, State.CLOSED, 0, -1, "creator");
        }
        int instances = 8;
        CyclicBarrier start = new CyclicBarrier(instances);
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        List<Future<BreakerWrite>> results = new ArrayList<>();
        try {
            for (int i = 0; i < instances; i++) {
                String instance = "instance-" + i;
                results.add(pool.submit((Callable<BreakerWrite>) () -> {
                    try (Connection c = db.getConnection()) {
                        start.await();
                        return CircuitBreakerSql.compareAndSet(c, name, 0, State.OPEN, 1, 60_000, instance);
                    }
                }));
            }
            List<BreakerWrite> writes = new ArrayList<>();
            for (Future<BreakerWrite> result : results) {
                writes.add(result.get());
            }
            List<BreakerWrite> winners = writes.stream().filter(BreakerWrite::applied).toList();
            assertThat(winners).hasSize(1);
            String winner = winners.get(0).current().origin();
            assertThat(writes).allSatisfy(write -> {
                assertThat(write.current().epoch()).isEqualTo(1);
                assertThat(write.current().state()).isEqualTo(State.OPEN);
                assertThat(write.current().origin()).as("every loser sees the winner's record").isEqualTo(winner);
                assertThat(write.current().periodMillis()).isEqualTo(60_000);
            });
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void halfOpenAdmitsAtMostThePermittedTrialCallsAcrossAllConnections() throws Exception {
        String name = name("trials");
        int permitted = 5;
        try (Connection c = db.getConnection()) {
            CircuitBreakerSql.compareAndSet(c, name, -1, State.CLOSED, 0, -1, "a");
            CircuitBreakerSql.compareAndSet(c, name, 0, State.HALF_OPEN, 1, -1, "a");
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
                            if (CircuitBreakerSql.takeTrialPermit(c, name, 1, permitted)) {
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
            assertThat(CircuitBreakerSql.takeTrialPermit(c, name, 2, permitted)).as("another epoch").isFalse();
            CircuitBreakerSql.returnTrialPermit(c, name, 1);
            assertThat(CircuitBreakerSql.takeTrialPermit(c, name, 1, permitted)).as("a returned permit").isTrue();
            assertThat(CircuitBreakerSql.takeTrialPermit(c, name, 1, permitted)).isFalse();
            CircuitBreakerSql.compareAndSet(c, name, 1, State.HALF_OPEN, 2, -1, "a");
            assertThat(CircuitBreakerSql.takeTrialPermit(c, name, 2, permitted)).as("a new period starts at 0").isTrue();
            for (int i = 0; i < 5; i++) {
                CircuitBreakerSql.returnTrialPermit(c, name, 2);
            }
            for (int i = 0; i < permitted; i++) {
                assertThat(CircuitBreakerSql.takeTrialPermit(c, name, 2, permitted)).as("never below zero").isTrue();
            }
            assertThat(CircuitBreakerSql.takeTrialPermit(c, name, 2, permitted)).isFalse();
        }
    }

    @Test
    void aTimeBasedWindowAddsEveryInstancesBatchesAndAnswersTheTotals() throws Exception {
        String name = name("time-window");
        try (Connection a = db.getConnection(); Connection b = db.getConnection()) {
            CircuitBreakerSql.compareAndSet(a, name, -1, State.CLOSED, 0, -1, "a");
            OutcomeCounts first = CircuitBreakerSql.recordOutcomes(a, name, 0, TIME_BASED, 60, new OutcomeCounts(10, 4, 2, 1));
            assertThat(first).isEqualTo(new OutcomeCounts(10, 4, 2, 1));
            OutcomeCounts second = CircuitBreakerSql.recordOutcomes(b, name, 0, TIME_BASED, 60, new OutcomeCounts(5, 5, 0, 0));
            assertThat(second).isEqualTo(new OutcomeCounts(15, 9, 2, 1));
            assertThat(CircuitBreakerSql.recordOutcomes(a, name, 0, TIME_BASED, 60, new OutcomeCounts(0, 0, 0, 0)))
                    .as("an empty batch reads").isEqualTo(new OutcomeCounts(15, 9, 2, 1));
            assertThat(CircuitBreakerSql.recordOutcomes(a, name, 7, TIME_BASED, 60, new OutcomeCounts(1, 1, 0, 0)))
                    .as("not the current epoch").isNull();
            CircuitBreakerSql.compareAndSet(a, name, 0, State.OPEN, 1, 1000, "a");
            CircuitBreakerSql.compareAndSet(a, name, 1, State.CLOSED, 2, -1, "a");
            assertThat(CircuitBreakerSql.recordOutcomes(b, name, 0, TIME_BASED, 60, new OutcomeCounts(1, 1, 0, 0)))
                    .as("a batch of an ended period").isNull();
            assertThat(CircuitBreakerSql.recordOutcomes(b, name, 2, TIME_BASED, 60, new OutcomeCounts(1, 0, 0, 0)))
                    .as("a new period starts empty").isEqualTo(new OutcomeCounts(1, 0, 0, 0));
        }
    }

    @Test
    void aTimeBasedWindowDropsBucketsOlderThanItsSeconds() throws Exception {
        String name = name("old-buckets");
        try (Connection c = db.getConnection()) {
            CircuitBreakerSql.compareAndSet(c, name, -1, State.CLOSED, 0, -1, "a");
            long second = CircuitBreakerSql.read(c, name).storeTimeMillis() / 1000;
            try (var s = c.prepareStatement("INSERT INTO resilience_circuit_breaker_outcome VALUES (?, 0, ?, 7, 7, 0, 0)")) {
                s.setString(1, name);
                s.setLong(2, second - 10);
                s.executeUpdate();
            }
            assertThat(CircuitBreakerSql.recordOutcomes(c, name, 0, TIME_BASED, 60, new OutcomeCounts(0, 0, 0, 0)).calls())
                    .isEqualTo(7);
            assertThat(CircuitBreakerSql.recordOutcomes(c, name, 0, TIME_BASED, 5, new OutcomeCounts(1, 0, 0, 0)).calls())
                    .as("10 s ago is outside a 5 s window").isEqualTo(1);
        }
    }

    @Test
    void aCountBasedWindowHoldsTheLastNOutcomesInArrivalOrder() throws Exception {
        String name = name("count-window");
        try (Connection a = db.getConnection(); Connection b = db.getConnection()) {
            CircuitBreakerSql.compareAndSet(a, name, -1, State.CLOSED, 0, -1, "a");
            assertThat(CircuitBreakerSql.recordOutcomes(a, name, 0, COUNT_BASED, 10, new OutcomeCounts(6, 6, 0, 0)))
                    .isEqualTo(new OutcomeCounts(6, 6, 0, 0));
            // 6 successes from another instance push 2 of the failures out of the last 10.
            assertThat(CircuitBreakerSql.recordOutcomes(b, name, 0, COUNT_BASED, 10, new OutcomeCounts(6, 0, 0, 0)))
                    .isEqualTo(new OutcomeCounts(10, 4, 0, 0));
            assertThat(CircuitBreakerSql.recordOutcomes(a, name, 0, COUNT_BASED, 10, new OutcomeCounts(10, 0, 0, 0)))
                    .isEqualTo(new OutcomeCounts(10, 0, 0, 0));
        }
    }

    @Test
    void ofABatchOnlyPartlyInTheWindowTheLastOutcomesCount() {
        // One batch of 1 slow failure, 2 other failures, 3 slow successes, 4 other successes, in that order.
        List<long[]> batch = List.<long[]>of(new long[] {1, 10, 3, 4, 1});
        assertThat(CircuitBreakerSql.lastOutcomes(batch, 4)).isEqualTo(new OutcomeCounts(4, 0, 0, 0));
        assertThat(CircuitBreakerSql.lastOutcomes(batch, 6)).isEqualTo(new OutcomeCounts(6, 0, 2, 0));
        assertThat(CircuitBreakerSql.lastOutcomes(batch, 8)).isEqualTo(new OutcomeCounts(8, 1, 3, 0));
        assertThat(CircuitBreakerSql.lastOutcomes(batch, 9)).isEqualTo(new OutcomeCounts(9, 2, 3, 0));
        assertThat(CircuitBreakerSql.lastOutcomes(batch, 10)).isEqualTo(new OutcomeCounts(10, 3, 4, 1));
        List<long[]> two = List.of(new long[] {1, 2, 2, 0, 0}, new long[] {2, 3, 0, 0, 0});
        assertThat(CircuitBreakerSql.lastOutcomes(two, 4)).as("newest batch first").isEqualTo(new OutcomeCounts(4, 1, 0, 0));
    }

    @Test
    void aNotificationCarriesTheWrittenRecordWhateverTheNamesContain() {
        CircuitBreakerSql.Notified n = CircuitBreakerSql.parse("7,OPEN,1700000000000,60000,9,host,1,épaybreaker,a");
        assertThat(n.name).isEqualTo("paybreaker,a");
        assertThat(n.record).isEqualTo(new BreakerRecord(State.OPEN, 7, 1700000000000L, 60000, "host,1,é", 1700000000000L));
        assertThat(CircuitBreakerSql.parse("not ours")).isNull();
        assertThat(CircuitBreakerSql.parse("1,NOT_A_STATE,1,1,0,x")).isNull();
    }

    @Test
    void aTransitionNotifiesListenersWithItsRecordAndTheListenerReconnectsAfterAnOutage() throws Exception {
        String name = name("notify, with a comma");
        List<CircuitBreakerSql.Notified> received = new CopyOnWriteArrayList<>();
        List<String> events = new CopyOnWriteArrayList<>();
        NotificationListener listener = new NotificationListener(db, CircuitBreakerSql.CHANNEL,
                payload -> received.add(CircuitBreakerSql.parse(payload)), new NotificationListener.Callbacks() {
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
            BreakerRecord opened;
            try (Connection c = db.getConnection()) {
                CircuitBreakerSql.compareAndSet(c, name, -1, State.CLOSED, 0, -1, "instance-ü");
                opened = CircuitBreakerSql.compareAndSet(c, name, 0, State.OPEN, 1, 1000, "instance-ü").current();
                assertThat(CircuitBreakerSql.compareAndSet(c, name, 0, State.OPEN, 1, 1000, "x").applied())
                        .as("a lost race notifies nobody").isFalse();
            }
            await().atMost(5, TimeUnit.SECONDS).until(() -> received.size() == 2);
            assertThat(received.get(0).name).isEqualTo(name);
            assertThat(received.get(0).record.state()).isEqualTo(State.CLOSED);
            assertThat(received.get(1).record).isEqualTo(opened);

            postgres.server().stop();
            await().atMost(10, TimeUnit.SECONDS).until(() -> events.contains("disconnected"));
            postgres.server().start();
            await().atMost(20, TimeUnit.SECONDS).until(() -> events.lastIndexOf("connected") > events.indexOf("disconnected"));
            try (Connection c = db.getConnection()) {
                CircuitBreakerSql.compareAndSet(c, name, 1, State.HALF_OPEN, 2, -1, "b");
            }
            await().atMost(5, TimeUnit.SECONDS).until(() -> received.size() == 3);
            assertThat(events).containsExactly("connected", "disconnected", "connected");
        } finally {
            listener.close();
        }
    }
}
