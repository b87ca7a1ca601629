-- Tables of the dev.resilience PostgreSQL store (resilience-jdbc).
-- Idempotent: running it again changes nothing. Times come from the database clock (clock_timestamp()), as
-- milliseconds (_ms) or microseconds (_us) since the Unix epoch, so every application instance agrees on them
-- whatever its own clock says.

-- One row per rate limiter, or per key of a keyed rate limiter (keyed = true).
-- Periods of period_us are cut from the Unix epoch; cycle is the number of the period of the last
-- acquisition and used the permits taken from that period onwards (more than limit_for_period: callers hold
-- reservations of later periods). decision is the answer to the last acquisition. A row whose expires_us has
-- passed holds nothing that still matters and is deleted by the periodic cleanup.
CREATE TABLE IF NOT EXISTS resilience_rate_limiter (
    limiter_name     text    NOT NULL,
    keyed            boolean NOT NULL,
    limiter_key      text    NOT NULL,
    limit_for_period bigint  NOT NULL,
    period_us        bigint  NOT NULL,
    cycle            bigint  NOT NULL,
    used             bigint  NOT NULL,
    decision         bigint  NOT NULL,
    touched_us       bigint  NOT NULL,
    expires_us       bigint  NOT NULL,
    PRIMARY KEY (limiter_name, keyed, limiter_key)
);

CREATE INDEX IF NOT EXISTS resilience_rate_limiter_expires ON resilience_rate_limiter (expires_us);

-- One row per circuit breaker: the current period (state, epoch, start, length) shared by every instance,
-- and the instance that started it. A transition is a conditional UPDATE on the epoch it was decided from,
-- so each period ends exactly once. In HALF_OPEN, trial_taken counts the trial calls admitted fleet-wide.
CREATE TABLE IF NOT EXISTS resilience_circuit_breaker (
    breaker_name text        NOT NULL PRIMARY KEY,
    state        text        NOT NULL,
    epoch        bigint      NOT NULL,
    since_ms     bigint      NOT NULL,
    period_ms    bigint      NOT NULL,
    trial_taken  integer     NOT NULL,
    origin       text        NOT NULL,
    changed_at   timestamptz NOT NULL
);

-- The outcomes of a breaker's period (epoch), aggregated over all instances. slot is, for a time-based
-- window, the second of the database clock the batches arrived in (one row per second, added to by every
-- instance), and for a count-based window the arrival number of one batch (one row per batch). Rows of ended
-- periods and rows that left the window are deleted by the periodic cleanup.
CREATE TABLE IF NOT EXISTS resilience_circuit_breaker_outcome (
    breaker_name text    NOT NULL,
    epoch        bigint  NOT NULL,
    slot         bigint  NOT NULL,
    calls        integer NOT NULL,
    failed       integer NOT NULL,
    slow         integer NOT NULL,
    slow_failed  integer NOT NULL,
    PRIMARY KEY (breaker_name, epoch, slot)
);

-- Arrival numbers of count-based batches.
CREATE SEQUENCE IF NOT EXISTS resilience_circuit_breaker_batch;

-- Application instances alive (heartbeating), for the local share of a limit during an outage.
CREATE TABLE IF NOT EXISTS resilience_instance (
    instance_id text   NOT NULL PRIMARY KEY,
    expires_ms  bigint NOT NULL
);
