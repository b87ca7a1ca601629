/**
 * The {@code postgres} profile of the sample: state of breakers and limiters shared through PostgreSQL.
 */
package dev.resilience.samples.postgres;
