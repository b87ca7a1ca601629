/**
 * The deliberately flaky downstream that the sample's endpoints call, and the endpoint and request parameters
 * that make it fail or slow down.
 */
package dev.resilience.samples.downstream;
