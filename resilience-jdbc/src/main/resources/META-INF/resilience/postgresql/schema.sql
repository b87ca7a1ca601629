-- Tables of the dev.resilience PostgreSQL store (resilience-jdbc).
-- Idempotent: running it again changes nothing. Times are read from the database clock, in microseconds
-- since the Unix epoch, so every application instance agrees on them whatever its own clock says.

-- One row per rate limiter (limiter_key = '') or per key of a keyed rate limiter.
-- Periods of period_us are cut from the Unix epoch; cycle is the number of the period of the last
-- acquisition and used the permits taken from that period onwards (more than limit_for_period: callers hold
-- reservations of later periods). decision is the answer to the last acquisition. A row whose expires_us has
-- passed holds nothing that still matters and is deleted by the periodic cleanup.
CREATE TABLE IF NOT EXISTS resilience_rate_limiter (
    limiter_name     text   NOT NULL,
    limiter_key      text   NOT NULL,
    limit_for_period bigint NOT NULL,
    period_us        bigint NOT NULL,
    cycle            bigint NOT NULL,
    used             bigint NOT NULL,
    decision         bigint NOT NULL,
    touched_us       bigint NOT NULL,
    expires_us       bigint NOT NULL,
    PRIMARY KEY (limiter_name, limiter_key)
);

CREATE INDEX IF NOT EXISTS resilience_rate_limiter_expires ON resilience_rate_limiter (expires_us);

-- One row per circuit breaker: the current period (state, epoch, start, length) shared by every instance.
-- A transition is a conditional UPDATE on the epoch it was decided from, so each period ends exactly once.
-- In HALF_OPEN, trial_permits counts the trial calls still to admit across the whole fleet and the trial_*
-- columns the outcomes of the admitted ones.
CREATE TABLE IF NOT EXISTS resilience_circuit_breaker (
    breaker_name  text        NOT NULL PRIMARY KEY,
    state         text        NOT NULL,
    epoch         bigint      NOT NULL,
    since_us      bigint      NOT NULL,
    period_us     bigint      NOT NULL,
    trial_permits integer     NOT NULL,
    trial_calls   integer     NOT NULL,
    trial_failed  integer     NOT NULL,
    trial_slow    integer     NOT NULL,
    changed_by    text        NOT NULL,
    changed_at    timestamptz NOT NULL
);

-- The outcomes of a breaker's CLOSED (or METRICS_ONLY) period, aggregated over all instances: one row per
-- breaker, period (epoch) and bucket. Instances add their counts in batches; rows of ended periods and of
-- buckets that left the window are deleted by the periodic cleanup.
CREATE TABLE IF NOT EXISTS resilience_circuit_breaker_outcome (
    breaker_name text    NOT NULL,
    epoch        bigint  NOT NULL,
    bucket       bigint  NOT NULL,
    calls        integer NOT NULL,
    failed       integer NOT NULL,
    slow         integer NOT NULL,
    slow_failed  integer NOT NULL,
    PRIMARY KEY (breaker_name, epoch, bucket)
);
