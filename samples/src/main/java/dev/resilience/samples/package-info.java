/**
 * The samples: {@link dev.resilience.samples.SampleApplication}, a Spring Boot web application protected by the
 * starter's annotations, and {@link dev.resilience.samples.CircuitBreakerDemo}, a circuit breaker in plain Java.
 */
package dev.resilience.samples;
