package dev.resilience.redis;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.store.SharedStore;
import dev.resilience.store.SharedStoreOptions;
import dev.resilience.store.spi.BreakerRecord;
import dev.resilience.store.spi.BreakerWrite;
import dev.resilience.store.spi.LimiterReply;
import dev.resilience.store.spi.OutcomeCounts;
import dev.resilience.store.spi.StoreBackend;
import dev.resilience.ratelimiter.spi.Acquisition;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The Redis {@link StoreBackend}, on Lettuce: each operation is one Lua script (run by {@code EVALSHA}, loaded
 * on first use) on one key, or on keys of one hash slot, so it works on Redis Cluster too. Transitions are
 * published on a channel and received on a pub/sub connection. Times come from Redis {@code TIME}.
 *
 * <p>Put it into a {@link SharedStore}: {@code SharedStore.start(RedisStoreBackend.create("redis://host:6379"),
 * SharedStoreOptions.defaults())}, then use {@code store.circuitBreakers()} and {@code store.rateLimiters()} as
 * the store factories of circuit breakers and rate limiters. No Spring needed.
 *
 * <h2>Keys</h2> (with the default prefix {@code resilience:})
 * <ul>
 *   <li>a circuit breaker: the hash {@code resilience:cb:{name}} (state, epoch, since, period, origin, window
 *       totals, trial permits), the string {@code resilience:cb:{name}:ring} (count window: 4 bits per call)
 *       and the hash {@code resilience:cb:{name}:buckets} (time window: one field per second); the braces make
 *       them one hash slot. They expire after {@link Builder#recordTtl(Duration) record-ttl} (default one
 *       day) without writes; a live instance writes a lost record back.
 *   <li>a rate limiter: {@code resilience:rl:<length of name>:<name>} and, for each key of a keyed limiter,
 *       {@code resilience:rl:<length of name>:<name>:<key>}: a hash of two numbers that expires as soon as the
 *       periods it holds permits of are over, so idle keys vanish.
 *   <li>the live instances: the sorted set {@code resilience:instances}; transitions: the channel
 *       {@code resilience:transitions}.
 * </ul>
 *
 * <h2>Connections</h2>
 * One command connection and one pub/sub connection, opened lazily: a Redis that is down when the application
 * starts only makes the store start degraded. A client created here ({@link Builder#url}) rejects commands at
 * once while disconnected and reconnects by itself. A client given to {@link Builder#client} is used with its
 * own options and is not closed by {@link #close()}. Redis Cluster: every script touches keys of one hash slot,
 * but this backend talks to one Redis (standalone, or a primary behind Sentinel through a {@code redis-sentinel}
 * URL); a {@code RedisClusterClient} is not supported yet.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class RedisStoreBackend implements StoreBackend {

    /** The default key prefix. */
    public static final String DEFAULT_KEY_PREFIX = "resilience:";
    /** The default {@link Builder#recordTtl(Duration)}: one day. */
    public static final Duration DEFAULT_RECORD_TTL = Duration.ofDays(1);

    private final RedisClient client;
    private final RedisURI uri;
    private final boolean ownsClient;
    private final String prefix;
    private final String channel;
    private final String instancesKey;
    private final long recordTtlSeconds;
    private final Script cas;
    private final Script read;
    private final Script record;
    private final Script trialAcquire;
    private final Script trialRelease;
    private final Script acquire;
    private final Script heartbeat;

    private volatile StatefulRedisConnection<String, String> connection;
    private CompletableFuture<StatefulRedisConnection<String, String>> connecting;
    private volatile StatefulRedisPubSubConnection<String, String> pubSub;
    private CompletableFuture<?> subscribing;
    private volatile BiConsumer<String, BreakerRecord> subscriber;
    private volatile boolean closed;

    private RedisStoreBackend(Builder builder) {
        if (builder.client != null) {
            this.client = builder.client;
            this.uri = builder.uri;
            this.ownsClient = false;
        } else {
            this.uri = RedisURI.create(Objects.requireNonNull(builder.url, "url or client"));
            this.client = RedisClient.create();
            client.setOptions(ClientOptions.builder().autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
                    .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(5))).build());
            this.ownsClient = true;
        }
        this.prefix = builder.keyPrefix;
        this.channel = prefix + "transitions";
        this.instancesKey = prefix + "instances";
        this.recordTtlSeconds = Math.max(1L, builder.recordTtl.getSeconds());
        String clock = Script.source("now.lua");
        this.cas = new Script(clock + Script.source("cas.lua"));
        this.read = new Script(clock + Script.source("read.lua"));
        this.record = new Script(clock + Script.source("record.lua"));
        this.trialAcquire = new Script(Script.source("trial-acquire.lua"));
        this.trialRelease = new Script(Script.source("trial-release.lua"));
        this.acquire = new Script(clock + Script.source("acquire.lua"));
        this.heartbeat = new Script(clock + Script.source("heartbeat.lua"));
    }

    /** A backend on its own client for {@code url} (for example {@code redis://localhost:6379}), default options. */
    public static RedisStoreBackend create(String url) {
        return builder().url(url).build();
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A {@link SharedStore} on Redis at {@code url} with default options: the shortest way to share state. */
    public static SharedStore sharedStore(String url) {
        return SharedStore.start(create(url), SharedStoreOptions.defaults());
    }

    @Override
    public String type() {
        return "redis";
    }

    // ---------------------------------------------------------------------------------------------------------
    // Keys
    // ---------------------------------------------------------------------------------------------------------

    String breakerKey(String name) {
        return prefix + "cb:{" + name + "}";
    }

    String limiterKey(String name, String key) {
        String base = prefix + "rl:" + name.length() + ":" + name;
        return key == null ? base : base + ":" + key;
    }

    private String[] breakerKeys(String name) {
        String key = breakerKey(name);
        return new String[] {key, key + ":ring", key + ":buckets"};
    }

    // ---------------------------------------------------------------------------------------------------------
    // Operations
    // ---------------------------------------------------------------------------------------------------------

    @Override
    public CompletionStage<Integer> heartbeat(String instanceId, long ttlMillis) {
        ensureSubscribed();
        return run(heartbeat, ScriptOutputType.INTEGER, new String[] {instancesKey},
                new String[] {instanceId, Long.toString(ttlMillis)}, (Long count) -> count.intValue());
    }

    @Override
    public void subscribe(BiConsumer<String, BreakerRecord> listener) {
        this.subscriber = Objects.requireNonNull(listener, "listener");
        ensureSubscribed();
    }

    @Override
    public CompletionStage<BreakerRecord> read(String breaker) {
        return run(read, ScriptOutputType.MULTI, new String[] {breakerKey(breaker)}, new String[0],
                (List<Object> reply) -> reply.isEmpty() ? null : record(reply, 0));
    }

    @Override
    public CompletionStage<BreakerWrite> compareAndSet(String breaker, long expectedEpoch, CircuitBreaker.State state,
            long epoch, long periodMillis, String origin) {
        String[] args = {Long.toString(expectedEpoch), state.name(), Long.toString(epoch), Long.toString(periodMillis),
                origin, channel, Long.toString(Math.max(recordTtlSeconds, periodMillis / 500)), breaker};
        return run(cas, ScriptOutputType.MULTI, breakerKeys(breaker), args, (List<Object> reply) -> {
            boolean applied = number(reply.get(0)) == 1;
            return new BreakerWrite(applied, reply.size() == 1 ? null : record(reply, 1));
        });
    }

    @Override
    public CompletionStage<OutcomeCounts> recordOutcomes(String breaker, long epoch,
            CircuitBreakerConfig.SlidingWindowType type, int size, OutcomeCounts batch) {
        String[] args = {Long.toString(epoch), type == CircuitBreakerConfig.SlidingWindowType.COUNT_BASED ? "c" : "t",
                Integer.toString(size), Integer.toString(batch.slowFailedCalls()), Integer.toString(batch.fastFailures()),
                Integer.toString(batch.slowSuccesses()), Integer.toString(batch.plainSuccesses()),
                Long.toString(recordTtlSeconds)};
        return run(record, ScriptOutputType.MULTI, breakerKeys(breaker), args, (List<Object> reply) -> reply.isEmpty()
                ? null
                : new OutcomeCounts((int) number(reply.get(0)), (int) number(reply.get(1)), (int) number(reply.get(2)),
                        (int) number(reply.get(3))));
    }

    @Override
    public CompletionStage<Boolean> acquireTrialPermit(String breaker, long epoch, int permitted) {
        return run(trialAcquire, ScriptOutputType.INTEGER, new String[] {breakerKey(breaker)},
                new String[] {Long.toString(epoch), Integer.toString(permitted)}, (Long taken) -> taken == 1L);
    }

    @Override
    public CompletionStage<Void> releaseTrialPermit(String breaker, long epoch) {
        return run(trialRelease, ScriptOutputType.INTEGER, new String[] {breakerKey(breaker)},
                new String[] {Long.toString(epoch)}, (Long ignored) -> null);
    }

    @Override
    public CompletionStage<LimiterReply> acquirePermits(String limiter, String key, int permits, long timeoutNanos,
            int limitForPeriod, long periodNanos) {
        // Microseconds, the resolution of Redis TIME; a period is at least one.
        long periodMicros = Math.max(1L, (periodNanos + 999L) / 1000L);
        String[] args = {Integer.toString(permits), Long.toString(timeoutNanos / 1000L),
                Integer.toString(limitForPeriod), Long.toString(periodMicros)};
        return run(acquire, ScriptOutputType.MULTI, new String[] {limiterKey(limiter, key)}, args,
                (List<Object> reply) -> {
                    long micros = number(reply.get(1));
                    long nanos = micros >= Long.MAX_VALUE / 1000L ? Long.MAX_VALUE : micros * 1000L;
                    int available = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, number(reply.get(2))));
                    long decision = number(reply.get(0)) == 1 ? Acquisition.granted(nanos) : Acquisition.rejected(nanos);
                    return new LimiterReply(decision, available);
                });
    }

    @Override
    public void close() {
        closed = true;
        StatefulRedisConnection<String, String> c = connection;
        if (c != null) {
            c.closeAsync();
        }
        StatefulRedisPubSubConnection<String, String> p = pubSub;
        if (p != null) {
            p.closeAsync();
        }
        if (ownsClient) {
            client.shutdownAsync(0, 2, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return "RedisStoreBackend[" + (uri != null ? uri.toURI() : "the client's URI") + ", prefix " + prefix + "]";
    }

    // ---------------------------------------------------------------------------------------------------------
    // Scripts and connections
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Runs {@code script} by its SHA-1 (loading it with {@code EVAL} when the server does not know it yet, for
     * example after a restart), then maps the reply.
     */
    private <R, T> CompletionStage<T> run(Script script, ScriptOutputType type, String[] keys, String[] args,
            Function<R, T> mapping) {
        StatefulRedisConnection<String, String> c = connection;
        if (c != null) {
            return run(c.async(), script, type, keys, args, mapping);
        }
        return connection().thenCompose(open -> run(open.async(), script, type, keys, args, mapping));
    }

    private <R, T> CompletionStage<T> run(RedisAsyncCommands<String, String> commands, Script script,
            ScriptOutputType type, String[] keys, String[] args, Function<R, T> mapping) {
        RedisFuture<R> bySha = commands.evalsha(script.sha, type, keys, args);
        return bySha.handle((reply, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(mapping.apply(reply));
            }
            if (unwrap(failure) instanceof RedisNoScriptException) {
                RedisFuture<R> full = commands.eval(script.source, type, keys, args);
                return full.thenApply(mapping).toCompletableFuture();
            }
            return CompletableFuture.<T>failedFuture(unwrap(failure));
        }).thenCompose(Function.identity());
    }

    private synchronized CompletionStage<StatefulRedisConnection<String, String>> connection() {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("The Redis store is closed"));
        }
        StatefulRedisConnection<String, String> c = connection;
        if (c != null) {
            return CompletableFuture.completedFuture(c);
        }
        if (connecting == null || connecting.isDone()) {
            CompletableFuture<StatefulRedisConnection<String, String>> attempt = (uri != null
                    ? client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture()
                    : CompletableFuture.supplyAsync(() -> client.connect(StringCodec.UTF8), Connector.INSTANCE))
                    .thenCompose(this::loadScripts);
            connecting = attempt;
            attempt.whenComplete((open, failure) -> {
                if (open != null) {
                    synchronized (this) {
                        if (closed) {
                            open.closeAsync();
                        } else {
                            connection = open;
                        }
                    }
                }
            });
        }
        return connecting;
    }

    /** Loads every script on a new connection (pipelined), so that no call pays a {@code NOSCRIPT} round trip. */
    private CompletableFuture<StatefulRedisConnection<String, String>> loadScripts(
            StatefulRedisConnection<String, String> open) {
        RedisAsyncCommands<String, String> commands = open.async();
        CompletableFuture<?>[] loads = java.util.stream.Stream.of(cas, read, record, trialAcquire, trialRelease, acquire,
                heartbeat).map(script -> commands.scriptLoad(script.source).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(loads).thenApply(loaded -> open);
    }

    /** Opens the pub/sub connection and subscribes, unless done or under way; retried at every heartbeat. */
    private synchronized void ensureSubscribed() {
        if (closed || subscriber == null || pubSub != null || (subscribing != null && !subscribing.isDone())) {
            return;
        }
        CompletableFuture<StatefulRedisPubSubConnection<String, String>> attempt = uri != null
                ? client.connectPubSubAsync(StringCodec.UTF8, uri).toCompletableFuture()
                : CompletableFuture.supplyAsync(() -> client.connectPubSub(StringCodec.UTF8), Connector.INSTANCE);
        subscribing = attempt.thenCompose(open -> {
            open.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String from, String message) {
                    deliver(message);
                }
            });
            return open.async().subscribe(channel).thenApply(ignored -> open);
        }).whenComplete((open, failure) -> {
            if (open != null) {
                synchronized (this) {
                    if (closed) {
                        open.closeAsync();
                    } else {
                        pubSub = open; // Lettuce re-subscribes by itself after a reconnection.
                    }
                }
            }
        });
    }

    /** Parses a transition message: epoch, state, since, period, origin length, then origin and name. */
    private void deliver(String message) {
        BiConsumer<String, BreakerRecord> listener = subscriber;
        if (listener == null) {
            return;
        }
        try {
            String[] head = message.split(" ", 6);
            long epoch = Long.parseLong(head[0]);
            CircuitBreaker.State state = CircuitBreaker.State.valueOf(head[1]);
            long since = Long.parseLong(head[2]);
            long period = Long.parseLong(head[3]);
            int originLength = Integer.parseInt(head[4]);
            String rest = head[5];
            String origin = rest.substring(0, originLength);
            String name = rest.substring(originLength);
            listener.accept(name, new BreakerRecord(state, epoch, since, period, origin, since));
        } catch (RuntimeException malformed) {
            // Not one of ours (another application on the same channel): ignore it.
        }
    }

    private static BreakerRecord record(List<Object> reply, int from) {
        return new BreakerRecord(CircuitBreaker.State.valueOf(String.valueOf(reply.get(from))),
                number(reply.get(from + 1)), number(reply.get(from + 2)), number(reply.get(from + 3)),
                reply.get(from + 4) == null ? "" : String.valueOf(reply.get(from + 4)), number(reply.get(from + 5)));
    }

    private static long number(Object value) {
        if (value instanceof Number) {
            return ((Number) value).longValue();
        }
        return Long.parseLong(String.valueOf(value));
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Opens connections of a client given without a URI: {@code RedisClient} connects to its own default URI
     * only synchronously, so that happens here, never on a caller's thread.
     */
    private static final class Connector {
        static final java.util.concurrent.Executor INSTANCE = java.util.concurrent.Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "resilience-redis-connect");
            thread.setDaemon(true);
            return thread;
        });

        private Connector() {
        }
    }

    /** A Lua script and its SHA-1. */
    private static final class Script {
        final String source;
        final String sha;

        Script(String source) {
            this.source = source;
            this.sha = sha1(source);
        }

        static String source(String name) {
            try (var in = RedisStoreBackend.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("Missing script " + name);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("Cannot read script " + name, e);
            }
        }

        private static String sha1(String source) {
            try {
                byte[] digest = java.security.MessageDigest.getInstance("SHA-1")
                        .digest(source.getBytes(StandardCharsets.UTF_8));
                StringBuilder hex = new StringBuilder(40);
                for (byte b : digest) {
                    hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
                }
                return hex.toString();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Builds a {@link RedisStoreBackend}: either a {@link #url(String) URL} (the backend creates and owns its
     * client) or an existing {@link #client(RedisClient, RedisURI) client} (shared, not closed). Not thread-safe.
     */
    public static final class Builder {

        private String url;
        private RedisClient client;
        private RedisURI uri;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private Duration recordTtl = DEFAULT_RECORD_TTL;

        private Builder() {
        }

        /** The Redis to connect to, for example {@code redis://localhost:6379} or {@code rediss://user:pw@host/2}. */
        public Builder url(String url) {
            RedisURI.create(Objects.requireNonNull(url, "url")); // fails now on a malformed URL
            this.url = url;
            this.client = null;
            return this;
        }

        /**
         * An existing client (the application's), connecting to the URI it was created with
         * ({@code RedisClient.create(uri)}). It is not closed by the backend.
         */
        public Builder client(RedisClient client) {
            this.client = Objects.requireNonNull(client, "client");
            this.uri = null;
            this.url = null;
            return this;
        }

        /** An existing client (the application's), and where it connects to. It is not closed by the backend. */
        public Builder client(RedisClient client, RedisURI uri) {
            this.client = Objects.requireNonNull(client, "client");
            this.uri = Objects.requireNonNull(uri, "uri");
            this.url = null;
            return this;
        }

        /** Prefix of every key and channel; default {@value #DEFAULT_KEY_PREFIX}. */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
            return this;
        }

        /** How long a breaker's keys live without writes; default one day, at least one second. */
        public Builder recordTtl(Duration recordTtl) {
            if (recordTtl.isNegative() || recordTtl.isZero()) {
                throw new IllegalArgumentException("recordTtl must be positive: " + recordTtl);
            }
            this.recordTtl = recordTtl;
            return this;
        }

        /** The backend; no connection is opened before its first operation. */
        public RedisStoreBackend build() {
            if (url == null && client == null) {
                throw new IllegalStateException("Set a url or a client");
            }
            return new RedisStoreBackend(this);
        }
    }
}
